/**
 * On a phone a table's header row is hidden and each row is a small card: each value says what it
 * is (a screen reader hears it too).
 */
export const phoneLabel = (text: string) => <span className="mr-1 font-sans text-gray-500 sm:hidden">{text}</span>;
