// The shared memory of one process, in 64 KiB pages. The engine is linked with the same
// limits (.cargo/config.toml), so the host can create the memory before instantiating.
export const MEMORY = { initial: 1024, maximum: 16384 };

// What the host's calls read and write in a process's memory: WASI in the process's own
// Workers, and the run's file server (fs_server.js), which is handed the same memory.
export class GuestMemory {
  bind(memory) {
    this.memory = memory;
  }

  get view() {
    return new DataView(this.memory.buffer);
  }

  bytes(ptr, len) {
    return new Uint8Array(this.memory.buffer, ptr, len);
  }

  string(ptr, len) {
    return new TextDecoder().decode(this.bytes(ptr, len).slice());
  }

  // A call's iovec list: [pointer, length] pairs.
  iovs(iovs, count) {
    const view = this.view;
    const list = [];
    for (let i = 0; i < count; i++) {
      list.push([view.getUint32(iovs + i * 8, true), view.getUint32(iovs + i * 8 + 4, true)]);
    }
    return list;
  }

  // Copies `data` into the iovecs and stores the count at `nread`.
  scatter(iovs, count, data, nread) {
    let done = 0;
    for (const [p, l] of this.iovs(iovs, count)) {
      const n = Math.min(l, data.length - done);
      this.bytes(p, n).set(data.subarray(done, done + n));
      done += n;
      if (n < l) break;
    }
    this.view.setUint32(nread, done, true);
    return 0;
  }
}
