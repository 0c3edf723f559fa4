import { describeBurst, SharedAccountLab } from '../../harness/sharedAccountRun';

const cases: Array<[number, number, boolean]> = [];
const P = (process.env.P ?? '2,4').split(',').map(Number);
const E = (process.env.E ?? '20,40').split(',').map(Number);
for (const processes of P) for (const executions of E) for (const headers of [true, false]) cases.push([processes, executions, headers]);
const only = process.env.ONLY ?? 'crowd,lone,late';

if (only.includes('crowd'))
test.each(cases)('crowd %i processes, %i executions, headers %s', async (processes, executions, headers) => {
	const lab = await SharedAccountLab.start({ processes, headers, seed: Number(process.env.SEED ?? 1), windowMs: Number(process.env.WMS ?? 60000), latencyMs: JSON.parse(process.env.LAT ?? '[20,80]') });
	const outcome = await lab.burst({ executions, maxWaitOnRateLimit: process.env.MAXWAIT ? Number(process.env.MAXWAIT) : undefined });
	await lab.close();
	process.stdout.write(`P${processes} E${executions} ${headers ? 'H' : '-'}: ${describeBurst(outcome)}\n`);
});

if (only.includes('lone'))
test.each([true, false])('lone after crowd, headers %s', async (headers) => {
	const lab = await SharedAccountLab.start({ processes: 4, headers });
	const crowd = await lab.burst({ executions: 40 });
	await lab.wait(Number(process.env.GAP ?? 5000));
	const lone = await lab.burst({ executions: 20, on: [0] });
	await lab.close();
	process.stdout.write(`lone ${headers ? 'H' : '-'}: crowd ${describeBurst(crowd)}\n   lone: ${describeBurst(lone)}\n`);
});

if (only.includes('late'))
test.each([true, false])('late joiner, headers %s', async (headers) => {
	const lab = await SharedAccountLab.start({ processes: 2, headers });
	const first = lab.burst({ executions: 30, on: [0] });
	await lab.wait(150_000);
	const joiner = await lab.burst({ executions: 5, on: [1] });
	const alone = await first;
	await lab.close();
	process.stdout.write(`late ${headers ? 'H' : '-'}: first ${describeBurst(alone)}\n   joiner: ${describeBurst(joiner)}\n`);
});
