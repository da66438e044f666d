/**
 * The query catalog: every .sql file in queries/ is declared once, with its
 * params, its rows, and the order its `?` placeholders bind in.
 */
export * from './events';
export * from './failures';
export * from './health';
export * from './keys';
export * from './usage';
export * from './findings';
