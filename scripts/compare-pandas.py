#!/usr/bin/python3
"""Time `ogi extract DIR` against pandas.read_html over the same HTML files.

usage: scripts/compare-pandas.py [DIR] [--ogi PATH] [--runs 3] [--pages 120]

Run by hand (not in CI), with Debian's python3-pandas (lxml and bs4 installed):
both read every .html/.htm file under DIR, one process each, best of --runs.
ogi extract reads, maps and validates the three tables of every report (its
JSON goes to /dev/null); pandas.read_html only turns every <table> into data
frames. Without DIR, a corpus of report pages is written to a temporary folder:
the repository's HTML fixtures (every rendering class, Word-pasted and GBK pages,
old CMS markup), each article in the page of a county portal's content system
(TRS, Hanweb, gkmlpt, VSB: menus, search forms, layout and index tables, link
groups, footers, scripts), as published: the mix of BenchmarkExtractMix, written
by `go run ./internal/portalpage/cmd/mix`.
Prints the files, bytes, both times, the ratio and the machine.
"""
import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import warnings

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def make_corpus(dest: str, pages: int) -> None:
    """The benchmark mix of pipeline/extract (BenchmarkExtractMix) as files."""
    subprocess.run(["go", "run", "./internal/portalpage/cmd/mix", "-out", dest, "-pages", str(pages)],
                   cwd=REPO, check=True)


def html_files(d: str):
    out = []
    for root, _, fs in os.walk(d):
        out += [os.path.join(root, f) for f in fs if f.lower().endswith((".html", ".htm"))]
    return sorted(out)


def time_ogi(ogi: str, d: str, runs: int):
    """Best wall time and best CPU time (user + system) of the runs."""
    wall = cpu = float("inf")
    for _ in range(runs):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run([ogi, "extract", "--json", d], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        wall = min(wall, time.perf_counter() - t)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = min(cpu, r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
    return wall, cpu


def time_pandas(files, runs: int):
    """Best wall time and best CPU time of the runs, in this process."""
    import pandas as pd
    warnings.simplefilter("ignore")
    wall = cpu = float("inf")
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        for f in files:
            try:
                pd.read_html(f, flavor="lxml")
            except Exception:  # a page without a table, or one lxml refuses
                pass
        wall = min(wall, time.perf_counter() - t)
        cpu = min(cpu, time.process_time() - c)
    return wall, cpu


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", nargs="?", help="folder of HTML report pages (default: a generated corpus)")
    ap.add_argument("--ogi", help="ogi binary (default: built from this repository)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--pages", type=int, default=120, help="pages of the generated corpus")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ogi = a.ogi
        if not ogi:
            ogi = os.path.join(tmp, "ogi")
            subprocess.run(["go", "build", "-o", ogi, "./cmd/ogi"], cwd=REPO, check=True)
        d = a.dir
        if not d:
            d = os.path.join(tmp, "pages")
            os.mkdir(d)
            make_corpus(d, a.pages)
        files = html_files(d)
        size = sum(os.path.getsize(f) for f in files)
        t_ogi = time_ogi(ogi, d, a.runs)
        t_pd = time_pandas(files, a.runs)
    (w_ogi, c_ogi), (w_pd, c_pd) = t_ogi, t_pd
    print(f"{len(files)} HTML files, {size / 1e6:.1f} MB; best of {a.runs} runs, one process each")
    print(f"ogi extract --json DIR : wall {w_ogi:.2f} s, cpu {c_ogi:.2f} s  (tables read, mapped, validated, JSON written)")
    print(f"pandas.read_html      : wall {w_pd:.2f} s, cpu {c_pd:.2f} s  (tables parsed into data frames only)")
    print(f"ogi is {w_pd / w_ogi:.1f}x faster in wall time, {c_pd / c_ogi:.1f}x in CPU time")
    print(f"machine: {machine()}, load average {os.getloadavg()[0]:.1f} (wall times on a loaded machine are noisy)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
