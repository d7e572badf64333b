// Every UI string in English and Simplified Chinese, the choice of language (a saved
// choice, else the browser's), and `translate`, which fills `{name}` placeholders.
// The playground and the embedded snippets share it.

export const LANGUAGES = { en: 'English', 'zh-CN': '中文' };

const STRINGS = {
  en: {
    pageTitle: 'Weft — Python concurrency, running in your browser',
    tagline: 'Python threads and processes, running for real in this tab.',
    examples: 'Examples',
    language: 'Language',
    run: 'Run',
    stop: 'Stop',
    runHint: 'Ctrl/⌘ + Enter runs the code',
    editorLabel: 'Python code',
    editorHint: 'Tab indents. To leave the editor with the keyboard, press Esc, then Tab.',
    output: 'Output',
    copy: 'Copy output',
    copied: 'Copied',
    stdinLabel: 'Input for the program',
    stdinTitle: "The program's standard input: Enter sends the line; Ctrl+D on an empty line ends the input",
    stdinPlaceholder: 'Input for the program: Enter sends the line, Ctrl+D ends it',
    stdinEof: 'EOF',
    stdinEofTitle: 'End the input (Ctrl+D): the next read gets end of file',
    share: 'Share',
    shareCopied: 'Link copied to the clipboard:',
    shareManual: 'Copy this link:',
    idle: '',
    loading: 'Loading the engine…',
    ready: 'Ready',
    running: 'Running…',
    seconds: '{seconds} s',
    exited: 'Exit code {code} · {seconds} s',
    stopped: 'Stopped after {seconds} s',
    timedOut: 'Stopped at the time limit, after {seconds} s',
    crashed: 'Crashed (exit code {code}) · {seconds} s',
    failed: 'The engine could not start: {message}',
    problemTitle: 'Weft cannot run in this browser tab',
    problemIsolation:
      'Weft needs SharedArrayBuffer and WebAssembly threads, which browsers allow only on a cross-origin isolated page. ' +
      'This page could not be isolated: the server sends no COOP/COEP headers and the service-worker fallback is not available ' +
      '(service workers blocked, a private window, or an old browser). Try a current Chrome, Edge, Firefox or Safari.',
    reset: 'Reset',
    resetTitle: 'Put back the original code',
    openPlayground: 'Open in the playground',
    snippetNotIsolated:
      'Python cannot run on this page: Weft needs SharedArrayBuffer, which browsers allow only on a cross-origin isolated page, ' +
      'and this site sends no COOP/COEP headers while the service worker that adds them is not available. ' +
      'The playground runs this code in a new tab.',
    snippetInFrame:
      'Python cannot run inside this frame: Weft needs SharedArrayBuffer, which browsers allow only on a cross-origin isolated page, ' +
      'and a frame can be isolated only when the page around it is. The playground runs this code in a new tab.',
    mainThread: 'process {pid}, main thread',
    thread: 'process {pid}, thread {tid}',
    gil: 'GIL',
    gilTitle:
      'On: one thread runs Python at a time, as in CPython. Off: threads run Python in parallel, as in the free-threaded python3.13t.',
    gilOff: '{status} · GIL off',
    timeline: 'Timeline',
    timelineHelp: 'Scroll or pinch to zoom, drag to pan',
    timelineEmpty: 'Run the code to see here what each thread does over time.',
    timelineSummary: 'Time each thread spent in each state:',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    fit: 'Fit',
    fitTitle: 'Show the whole run',
    downloadTrace: 'Download trace',
    downloadTraceTitle: 'Save the timeline as Chrome trace-event JSON, for Perfetto or chrome://tracing',
    'state-created': 'Created',
    'state-running': 'Running',
    'state-gil': 'Waiting for the GIL',
    'state-sleeping': 'Sleeping',
    'state-blocked': 'Blocked',
    'state-finished': 'Finished',
    legendOutput: 'Output',
    spanTime: '{start} → {end} ms, {duration} ms',
    outputAt: 'at {time} ms',
  },
  'zh-CN': {
    pageTitle: 'Weft —— 在浏览器里真实运行的 Python 并发',
    tagline: 'Python 的线程与进程，在这个标签页里真实地运行。',
    examples: '示例',
    language: '语言',
    run: '运行',
    stop: '停止',
    runHint: 'Ctrl/⌘ + Enter 运行代码',
    editorLabel: 'Python 代码',
    editorHint: 'Tab 键用于缩进。只用键盘离开编辑器：先按 Esc，再按 Tab。',
    output: '输出',
    copy: '复制输出',
    copied: '已复制',
    stdinLabel: '程序的输入',
    stdinTitle: '程序的标准输入：按 Enter 发送这一行；在空行上按 Ctrl+D 结束输入',
    stdinPlaceholder: '程序的输入：Enter 发送这一行，Ctrl+D 结束输入',
    stdinEof: 'EOF',
    stdinEofTitle: '结束输入（Ctrl+D）：之后的读取得到文件结尾（EOF）',
    share: '分享',
    shareCopied: '链接已复制到剪贴板：',
    shareManual: '请复制这个链接：',
    idle: '',
    loading: '正在加载引擎…',
    ready: '就绪',
    running: '运行中…',
    seconds: '{seconds} 秒',
    exited: '退出码 {code} · {seconds} 秒',
    stopped: '已停止，运行了 {seconds} 秒',
    timedOut: '已到时间限制，运行 {seconds} 秒后停止',
    crashed: '崩溃（退出码 {code}）· {seconds} 秒',
    failed: '引擎无法启动：{message}',
    problemTitle: 'Weft 无法在这个标签页中运行',
    problemIsolation:
      'Weft 需要 SharedArrayBuffer 和 WebAssembly 线程，浏览器只在“跨源隔离”的页面中提供它们。' +
      '这个页面无法被隔离：服务器没有发送 COOP/COEP 响应头，而 Service Worker 备用方案也不可用' +
      '（Service Worker 被禁用、处于隐私窗口，或浏览器版本过旧）。请使用新版的 Chrome、Edge、Firefox 或 Safari。',
    reset: '还原',
    resetTitle: '恢复原来的代码',
    openPlayground: '在 Playground 中打开',
    snippetNotIsolated:
      '这个页面无法运行 Python：Weft 需要 SharedArrayBuffer，浏览器只在“跨源隔离”的页面中提供它；' +
      '而这个网站没有发送 COOP/COEP 响应头，添加这些响应头的 Service Worker 也不可用。Playground 会在新标签页中运行这段代码。',
    snippetInFrame:
      '这个框架（iframe）中无法运行 Python：Weft 需要 SharedArrayBuffer，浏览器只在“跨源隔离”的页面中提供它；' +
      '而只有外层页面被隔离时，框架才能被隔离。Playground 会在新标签页中运行这段代码。',
    mainThread: '进程 {pid}，主线程',
    thread: '进程 {pid}，线程 {tid}',
    gil: 'GIL',
    gilTitle: '开启：同一时刻只有一个线程执行 Python，与 CPython 相同。关闭：线程并行执行 Python，如同自由线程版的 python3.13t。',
    gilOff: '{status} · GIL 已关闭',
    timeline: '时间线',
    timelineHelp: '滚轮或双指缩放，拖动平移',
    timelineEmpty: '运行代码后，这里会显示每个线程随时间的状态。',
    timelineSummary: '每个线程在各个状态中花费的时间：',
    zoomIn: '放大',
    zoomOut: '缩小',
    fit: '全部',
    fitTitle: '显示整个运行过程',
    downloadTrace: '下载 trace',
    downloadTraceTitle: '把时间线保存为 Chrome trace-event JSON，可用 Perfetto 或 chrome://tracing 打开',
    'state-created': '已创建',
    'state-running': '运行中',
    'state-gil': '等待 GIL',
    'state-sleeping': '休眠',
    'state-blocked': '阻塞',
    'state-finished': '已结束',
    legendOutput: '输出',
    spanTime: '{start} → {end} 毫秒，共 {duration} 毫秒',
    outputAt: '于 {time} 毫秒',
  },
};

const SAVED = 'weft-language';

// The first of `tags` (BCP 47) that we speak; English otherwise.
export function matchLanguage(tags) {
  for (const tag of tags) {
    const lower = String(tag).toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

export function preferredLanguage() {
  const saved = localStorage.getItem(SAVED);
  return saved in LANGUAGES ? saved : matchLanguage(navigator.languages ?? [navigator.language]);
}

export function saveLanguage(lang) {
  localStorage.setItem(SAVED, lang);
}

export function translate(lang, key, params = {}) {
  const text = STRINGS[lang]?.[key] ?? STRINGS.en[key] ?? key; // an unknown key shows as itself
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name]));
}

// How a console label's tooltip names the writer of a line.
export function writerName(lang, pid, tid) {
  return translate(lang, tid ? 'thread' : 'mainThread', { pid, tid });
}

// Picks one language out of a `{ en, 'zh-CN' }` object (the gallery's texts).
export function localized(texts, lang) {
  return texts[lang] ?? texts.en;
}

// Fills elements marked `data-i18n="key"` (text) and `data-i18n-title` / `-aria-label` /
// `-placeholder` (attributes).
export function applyTranslations(root, lang) {
  for (const element of root.querySelectorAll('[data-i18n]')) element.textContent = translate(lang, element.dataset.i18n);
  for (const attribute of ['title', 'aria-label', 'placeholder']) {
    for (const element of root.querySelectorAll(`[data-i18n-${attribute}]`)) {
      element.setAttribute(attribute, translate(lang, element.getAttribute(`data-i18n-${attribute}`)));
    }
  }
}
