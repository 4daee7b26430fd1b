import fc from 'fast-check';

// Every property run uses one seed per test run, from FC_SEED when given (to replay a CI failure),
// and logs it, as fast-check's own CI does.
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : Date.now() ^ (Math.random() * 0x100000000);
if (!process.env.FC_SEED) process.env.FC_SEED = String(seed);
fc.configureGlobal({ seed });
