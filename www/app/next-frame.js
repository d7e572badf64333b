// Coalesces repaint requests: however often `schedule()` is called between two frames,
// `paint` runs once, at the next animation frame.

export function paintOnNextFrame(paint) {
  let pending = false;
  return function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      paint();
    });
  };
}
