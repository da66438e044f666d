// A real OpenID Connect provider (oidc-provider) on loopback, for the sign-in tests.
// Any user name signs in (dev interactions); users named viewer… are in the "viewers" group.
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT ?? 3102);
const app = Number(process.env.APP_PORT ?? 3101);
const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: 'keytrail',
      client_secret: 'keytrail-test-secret',
      redirect_uris: [`http://127.0.0.1:${app}/api/auth/callback`],
      response_types: ['code'],
      grant_types: ['authorization_code'],
    },
  ],
  claims: { openid: ['sub'], email: ['email'], profile: ['name', 'groups'] },
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: `${id}@example.com`, name: id, groups: id.startsWith('viewer') ? ['viewers'] : ['analysts'] };
      },
    };
  },
  cookies: { keys: ['keytrail-test-cookie-key'] },
  pkce: { required: () => true },
});
provider.listen(port, '127.0.0.1', () => console.log(`oidc-provider on http://127.0.0.1:${port}`));
