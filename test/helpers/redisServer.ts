// tests start their own redis-server through the same code as `tsgym bench` (section distributed)
export { startRedis, type PrivateRedis as TestRedis } from '../../src/cli/privateRedis.js';
