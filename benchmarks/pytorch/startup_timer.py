"""Times process launches to exit, interleaved: startup_timer.py N LABEL=COMMAND ... (COMMAND split by the shell's
rules). Each command runs N times in turn with the others (first launches included: the page cache is warm after
the first round either way, and a user's second run sees the same); prints every command's median, min and max in
ms, its output line, and whether the lines that print "z(1) = (...); dL/dtheta = (...)" agree (see AGREEMENT)."""
import re
import shlex
import statistics
import subprocess
import sys
import time

# Both first results solve at rtol 1e-6 with different step-size controllers (ours PI, PyTorch's torchdiffeq-like
# I controller), so they differ by the discretisation error, not by rounding: §0 of RESULTS.md finds z(1) of this
# problem within ~1e-5 relative of tight solutions; 1e-3 relative leaves room and still flags a different problem.
AGREEMENT = 1e-3


def main():
    if len(sys.argv) < 3 or not sys.argv[1].isdigit() or int(sys.argv[1]) < 1:
        sys.exit("usage: startup_timer.py N LABEL=COMMAND [LABEL=COMMAND ...]")
    n = int(sys.argv[1])
    commands = [arg.split("=", 1) for arg in sys.argv[2:]]
    times = {label: [] for label, _ in commands}
    lines = {}
    for _ in range(n):
        for label, command in commands:
            start = time.perf_counter()
            done = subprocess.run(shlex.split(command), capture_output=True, text=True)
            times[label].append((time.perf_counter() - start) * 1e3)
            if done.returncode != 0:
                sys.exit(f"{label} failed ({done.returncode}): {done.stderr.strip()[-500:]}")
            lines[label] = (done.stdout.strip().splitlines() or [""])[0]
    for label, _ in commands:
        t = times[label]
        print(f"{label:28s} median {statistics.median(t):8.1f} ms  (min {min(t):.1f}, max {max(t):.1f}, n = {n})  {lines[label][:100]}")
    results = {label: [float(x) for x in re.findall(r"-?\d+\.\d+", line)] for label, line in lines.items() if line.startswith("z(1) =")}
    if len(results) >= 2:
        values = list(results.values())
        worst = max(abs(a - b) / max(abs(b), 1e-300) for other in values[1:] for a, b in zip(values[0], other))
        ok = worst <= AGREEMENT and all(len(v) == len(values[0]) for v in values)
        print(f"first results agree: largest relative difference {worst:.1e} (limit {AGREEMENT:g}): {'ok' if ok else 'FAILED'}")
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
