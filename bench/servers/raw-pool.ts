import mysql from 'mysql2/promise';

/**
 * The raw baselines' one connection pool (as many connections as the module's own pool): a raw
 * server rendering several pages shares it, as the module shares its pool between routes.
 */
export const rawPool = mysql.createPool({ uri: process.env.DATABASE_URL!, timezone: 'Z', dateStrings: ['DATE'], connectionLimit: 20 });
