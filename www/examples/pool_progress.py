# tqdm draws a progress bar for any loop: wrapped around a Pool's imap(), it moves each
# time a worker process hands back a result. The bar goes to stderr and redraws its one
# line with a carriage return, as it does in a terminal.
import multiprocessing as mp
import time

from tqdm import tqdm


def render(frame):
    time.sleep(0.1 + 0.05 * (frame % 4))  # some frames take longer than others
    return f"frame-{frame:02}.png"


if __name__ == "__main__":
    frames = range(24)
    with mp.Pool(processes=4) as pool:
        # imap() cannot know how many results will come, so total= tells tqdm.
        files = list(tqdm(pool.imap(render, frames), total=len(frames), desc="rendering"))
    print(f"rendered {len(files)} frames, in order: {files[0]} ... {files[-1]}")
