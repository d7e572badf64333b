// The example gallery: its index is complete and bilingual, and every example, opened
// from the gallery in the playground, runs to completion with the output it promises.
import fs from 'node:fs';
import { test, expect } from './fixtures.mjs';
import { openPlayground, run, screenshot } from './playground.helpers.mjs';

test.use({ locale: 'en-US', viewport: { width: 1280, height: 900 } });

const EXAMPLES = new URL('../../www/examples/', import.meta.url);
const index = JSON.parse(fs.readFileSync(new URL('index.json', EXAMPLES), 'utf8'));
const examples = index.topics.flatMap((topic) => topic.examples);

const number = (text, pattern) => Number(text.match(pattern)[1]);

// What each example must print, checked on its stdout split into lines.
const CHECKS = {
  'thread-basics': (out, lines) => {
    expect(lines.slice(0, 2)).toEqual(["main: started ['downloader-1', 'downloader-2', 'downloader-3']", 'main: alive? [True, True, True]']);
    expect(lines.slice(2, 5)).toEqual([1, 2, 3].map((n) => `downloader-${n}: part-${n}.zip done after ${(0.3 * n).toFixed(1)} s`));
    expect(lines[5]).toBe('main: alive? [False, False, False]');
    expect(number(out, /all done in (\d+\.\d) s/)).toBeLessThan(1.8);
  },
  'thread-subclass': (out, lines) => {
    expect(lines.slice(0, 4)).toEqual(['squares 0..24999: 5208020837500', 'squares 25000..49999: 36457395837500',
      'squares 50000..74999: 98956770837500', 'squares 75000..99999: 192706145837500']);
    expect(lines.slice(4)).toEqual(['sum of squares below 100000: 333328333350000', 'same as the formula (n-1)n(2n-1)/6: True']);
  },
  'daemon-threads': (out, lines) => {
    expect(lines[0]).toBe("main: daemon threads? {'heartbeat': True, 'backup': False}");
    // The heartbeat beats every 0.2 s and may beat once more between the backup's end
    // (0.5 s) and main's last line; the program ends without waiting for it.
    const beats = lines.filter((l) => l.startsWith('heartbeat'));
    expect(beats.length).toBeGreaterThanOrEqual(2);
    expect(beats).toEqual(beats.map((_, i) => `heartbeat ${i + 1}`));
    expect(lines.filter((l) => !l.startsWith('heartbeat')).slice(1)).toEqual(['backup: finished', 'main: done; the daemon heartbeat ends with the program']);
    expect(lines.at(-1)).toBe('main: done; the daemon heartbeat ends with the program');
  },
  'event-signal': (out, lines) => {
    expect(lines.slice(0, 3)).toEqual(['main: after 0.3 s the runners are still waiting: True', 'main: go!', 'main: stop!']);
    const laps = lines.slice(3).map((l) => l.match(/^runner-(\d) ran (\d+) laps in about 0\.55 s$/));
    expect(laps.map((m) => m[1])).toEqual(['1', '2', '3']);
    for (const m of laps) expect(Number(m[2])).toBeGreaterThanOrEqual(2);
  },
  'race-and-lock': (out) => {
    expect(number(out, /without a lock: (\d+) of 200 deposits kept/)).toBeLessThan(200);
    expect(out).toContain('with a lock:    200 of 200 deposits kept');
  },
  'queue-workers': (out, lines) => {
    const squares = lines.filter((l) => /² =/.test(l));
    expect(squares.map((l) => l.replace(/ \(by worker-\d\)$/, ''))).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `${n}² = ${String(n * n).padStart(2)}`),
    );
    expect(lines).toContain('jobs done: 9');
    const perWorker = lines.at(-1).match(/jobs per worker: \{'worker-1': (\d), 'worker-2': (\d), 'worker-3': (\d)\}/);
    expect(perWorker.slice(1).reduce((sum, n) => sum + Number(n), 0)).toBe(9);
  },
  'as-completed-vs-map': (out, lines) => {
    expect(lines).toEqual([
      'as_completed, in the order they finish:', '    latte (0.2 s)', '    tea (0.5 s)', '    espresso (1.2 s)',
      'map, in the order they were ordered:', '    espresso (1.2 s)', '    latte (0.2 s)', '    tea (0.5 s)',
    ]);
  },
  'io-cpu-threads': (out, lines) => {
    const [io, cpu] = lines.map((l) => l.match(/^(\S+): 4 tasks one by one (\d+\.\d+) s, in 4 threads (\d+\.\d+) s \((\d+\.\d)x\)$/));
    expect(io[1]).toBe('I/O-bound');
    expect(cpu[1]).toBe('CPU-bound');
    expect(Number(io[2])).toBeGreaterThanOrEqual(1.6);
    expect(Number(io[3])).toBeLessThan(Number(io[2]) / 2); // the waits overlap
  },
  'process-basics': (out, lines) => {
    const main = Number(lines[0].match(/^MainProcess: pid (\d+)$/)[1]);
    const greetings = lines.slice(1, 4).map((l) => l.match(/^(Process-\d): (hello|bonjour|你好)! pid (\d+), parent pid (\d+)$/));
    expect(greetings.map((g) => `${g[1]} ${g[2]}`).sort()).toEqual(['Process-1 hello', 'Process-2 bonjour', 'Process-3 你好']);
    const pids = greetings.map((g) => Number(g[3]));
    expect(new Set([main, ...pids]).size).toBe(4);
    for (const g of greetings) expect(Number(g[4])).toBe(main);
    expect(lines.slice(4)).toEqual([1, 2, 3].map((n) => `Process-${n} exited with code 0`));
  },
  'shared-state': (out, lines) => {
    expect(lines).toEqual([
      'child:  my list has 5 items', 'parent: my list has 0 items', 'parent: counter = 2000, squares = [0, 1, 4, 9, 16]',
    ]);
  },
  manager: (out, lines) => {
    expect(lines[0]).toBe("vowels: {'process': 2, 'queue': 4, 'semaphore': 4, 'thread': 2}");
    expect(lines.slice(1).map((l) => l.replace(/^Process-\d+ /, '')).sort()).toEqual(
      ["counted 'process'", "counted 'queue'", "counted 'semaphore'", "counted 'thread'"],
    );
  },
  'queue-and-pipe': (out, lines) => {
    expect(lines).toEqual([
      'from the queue: [1, 4, 9, 16, 25]',
      "sent 'ping', got back 'PING!'", "sent 'hello', got back 'HELLO!'", "sent '管道', got back '管道!'",
    ]);
  },
  pool: (out, lines) => {
    expect(lines).toEqual([
      'map: [0, 1, 4, 9, 16, 25, 36, 49, 64, 81]', 'imap_unordered, as each finishes:',
      '    napped 0.2 s', '    napped 0.6 s', '    napped 1.6 s',
      'apply_async: no result within 0.5 s, so we stop waiting', 'pool closed',
    ]);
  },
  'pool-progress': (out, lines) => {
    expect(lines).toEqual(['rendered 24 frames, in order: frame-00.png ... frame-23.png']);
  },
  'process-pool-primes': (out, lines) => {
    expect(lines.slice(0, 5).map((l) => l.trim())).toEqual([
      '999,999,937 is prime: True', '2,999,999,787 is prime: False', '1,000,000,007 is prime: True',
      '999,985,999,949 is prime: False', '2,147,483,647 is prime: True',
    ]);
    expect(lines[5]).toMatch(/^checked 5 numbers in \d+\.\d s$/);
  },
  'io-cpu-processes': (out, lines) => {
    const [io, cpu] = lines.map((l) => l.match(/^(\S+): one by one (\d+\.\d+) s, threads (\d+\.\d+) s, processes (\d+\.\d+) s$/));
    expect(io[1]).toBe('I/O-bound');
    expect(cpu[1]).toBe('CPU-bound');
    expect(Number(io[3])).toBeLessThan(Number(io[2]) / 2);
  },
  'asyncio-gather': (out, lines) => {
    expect(number(out, /awaited one by one: (\d+\.\d) s/)).toBeGreaterThanOrEqual(0.6);
    expect(lines[1]).toMatch(/^gathered: \['home \(0\.3 s\)', 'about \(0\.2 s\)', 'blog \(0\.1 s\)'\] in 0\.[3-5] s$/);
    expect(lines[2]).toBe('archive: gave up after 0.5 s; the task was cancelled: True');
  },
  'asyncio-queue': (out, lines) => {
    expect(lines.slice(0, 6).map((l) => l.replace(/ by cook-[12]$/, ''))).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => `order-${n} cooked`),
    );
    const perCook = lines[6].match(/^orders per cook: \{'cook-1': (\d), 'cook-2': (\d)\}$/);
    expect(Number(perCook[1]) + Number(perCook[2])).toBe(6);
  },
};

// What an example may write to stderr: nothing, but for tqdm's bar (its last frame is
// what the console keeps of the line it redraws).
const STDERR = {
  'pool-progress': (err) => expect(err).toMatch(/^rendering: 100%\|█{10}\| 24\/24 \[\d\d:\d\d<00:00, +[\d.]+(it\/s|s\/it)\]\n$/),
};

test('the index lists every example once, with both languages and a check here', () => {
  const files = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.py')).sort();
  expect(examples.map((e) => e.file).sort()).toEqual(files);
  expect(new Set(examples.map((e) => e.id)).size).toBe(examples.length);
  expect(Object.keys(CHECKS).sort()).toEqual(examples.map((e) => e.id).sort());
  for (const item of [...index.topics, ...examples]) {
    for (const lang of ['en', 'zh-CN']) expect(item.title[lang], `${item.id} title ${lang}`).toBeTruthy();
  }
  for (const { id, explanation } of examples) {
    // Two or three sentences in each language.
    expect(explanation.en.split(/[.!?:;](?:\s|$)/).filter((s) => s.trim()).length, id).toBeGreaterThanOrEqual(2);
    expect(explanation['zh-CN'].split(/[。！？；：]/).filter((s) => s.trim()).length, id).toBeGreaterThanOrEqual(2);
    expect(explanation['zh-CN'], id).toMatch(/[\u4e00-\u9fff]/);
  }
});

for (const example of examples) {
  test(`example ${example.id} runs with the output it promises`, async ({ page, server }) => {
    await openPlayground(page, server.url);
    // Open it from the gallery, as a learner would.
    await page.click(`.gallery a[data-example="${example.id}"]`);
    await expect(page).toHaveURL(new RegExp(`#example=${example.id}$`));
    await expect(page.locator('#about-title')).toHaveText(example.title.en);
    await expect(page.locator('#about-text')).toHaveText(example.explanation.en);
    await expect(page.locator('.gallery a[aria-current]')).toHaveText(example.title.en);
    const source = fs.readFileSync(new URL(example.file, EXAMPLES), 'utf8');
    await expect.poll(() => page.evaluate(() => window.weft.editor.code)).toBe(source);

    const result = await run(page, 120_000);
    console.log(`${example.id}:\n${result.text}`);
    (STDERR[example.id] ?? ((err) => expect(err).toBe('')))(result.stderr);
    expect(result).toMatchObject({ state: 'exited', exitCode: '0' });
    const lines = result.stdout.replace(/\n$/, '').split('\n');
    CHECKS[example.id](result.stdout, lines);
    await screenshot(page, `gallery-${example.id}`);
  });
}
