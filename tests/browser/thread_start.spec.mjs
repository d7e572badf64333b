// Thread start: a process keeps spare Workers ahead of its threads (www/runtime/process.js),
// so bursts of starts run, the thread limit holds, and a program with few threads starts
// few Workers. Programs in programs/threads_*.py.
import { test, expect, openPython, cpython, program } from './fixtures.mjs';


test('threads started back to back up to the limit all run, the next start raises RuntimeError, and a second burst runs', async ({ python }) => {
  const result = await python.run(program('threads_to_the_limit.py'));
  expect({ stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode }).toEqual({
    // 128 live threads per process, the main one and the hidden Stop thread included.
    stdout: [
      'first burst: 126 started, all ran: True',
      "then RuntimeError: can't start new thread",
      'active after join: 1',
      'second burst: 100 started, all ran: True error: None',
      '',
    ].join('\n'),
    stderr: '',
    exitCode: 0,
  });
});

test('a burst of starts beyond the first spare Workers, then starts one at a time, each thread running once', async ({ python }) => {
  const source = program('threads_burst_after_spares.py');
  const ours = await python.run(source);
  expect({ stdout: ours.stdout, stderr: ours.stderr, exitCode: ours.exitCode }).toEqual({ ...cpython(source), stderr: '' });
});

// Counts the Workers a page creates (`window.weftWorkers`).
async function countingWorkers(browser, url) {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.weftWorkers = 0;
    const { Worker } = window;
    window.Worker = class extends Worker {
      constructor(...args) {
        super(...args);
        window.weftWorkers++;
      }
    };
  });
  return { context, python: await openPython(await context.newPage(), url) };
}

test('a program pays for Workers as it has threads: a few for none, about two per live thread', async ({ browser, server }) => {
  const { context, python } = await countingWorkers(browser, server.url);
  try {
    // The background warm-up's own Workers are not the program's.
    await python.page.evaluate(() => window.weftWarmed);
    const workersFor = async (source) => {
      await python.page.evaluate(() => (window.weftWorkers = 0));
      const result = await python.run(source);
      expect(result.stderr).toBe('');
      return { stdout: result.stdout, workers: await python.page.evaluate(() => window.weftWorkers) };
    };
    // The run's file server, the main Worker, three spares and one for the hidden Stop
    // thread.
    const idle = await workersFor('print("hi")\n');
    expect(idle.stdout).toBe('hi\n');
    expect(idle.workers).toBeLessThanOrEqual(6);
    // Ten threads alive at once (eleven with the Stop thread): at most as many spares
    // again, plus the main Worker and the file server.
    const ten = await workersFor([
      'import threading',
      'go = threading.Event()',
      'ts = [threading.Thread(target=go.wait) for _ in range(10)]',
      'for t in ts: t.start()',
      'print(threading.active_count())',
      'go.set()',
      'for t in ts: t.join()',
      '',
    ].join('\n'));
    expect(ten.stdout).toBe('11\n');
    expect(ten.workers).toBeGreaterThanOrEqual(11);
    expect(ten.workers).toBeLessThanOrEqual(2 + 2 * 11);
  } finally {
    await context.close();
  }
});
