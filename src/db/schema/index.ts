// One module per bounded context; this barrel is what Drizzle and drizzle-kit see.
export * from './auth.ts';
export * from './community.ts';
export * from './realtime.ts';
export * from './buys.ts';
export * from './notifications.ts';
export * from './jielong.ts';
export * from './audit.ts';
export * from './money.ts';
export * from './distribution.ts';
export * from './street.ts';
export * from './suppliers.ts';
export * from './pools.ts';
