#!/usr/bin/python3
"""Time `ogi extract DIR` against pandas.read_html over the same HTML files.

usage: scripts/compare-pandas.py [DIR] [--ogi PATH] [--runs 3] [--pages 120]

Run by hand (not in CI), with Debian's python3-pandas (lxml and bs4 installed):
both read every .html/.htm file under DIR, one process each, best of --runs.
ogi extract reads, maps and validates the three tables of every report (its
JSON goes to /dev/null); pandas.read_html only turns every <table> into data
frames. Without DIR, a corpus of report pages is written to a temporary folder:
the repository's HTML fixtures (every rendering class, Word-pasted and GBK pages,
old CMS markup), each article not already in a portal page put into the chrome
of a county portal (menus, column tree, related links, scripts), as published.
Prints the files, bytes, both times, the ratio and the machine.
"""
import argparse
import glob
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import warnings

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def chrome(page: bytes) -> bytes:
    """Put an article into a county portal page (as pipeline/extract's benchmark does)."""
    sections = ["首页", "走进青石", "政务公开", "政务服务", "互动交流", "专题专栏", "数据开放"]
    c = ['<div class="header"><div class="top">欢迎访问青石县人民政府门户网站 <a href="/wza">无障碍</a></div><ul class="menu">']
    for i, s in enumerate(sections):
        c.append(f'<li class="m{i}"><a href="/col/col{1000 + i}/index.html">{s}</a><ul class="sub">')
        for j in range(12):
            c.append(f'<li><a href="/col/col{1000 + i}{j:02d}/index.html" title="{s}栏目{j}">{s}栏目{j}</a></li>')
        c.append("</ul></li>")
    c.append('</ul></div><div class="tree"><h3>政府信息公开</h3><ul>')
    for j in range(60):
        c.append(f'<li><a href="/zfxxgk/{j}/">部门信息公开目录 {j} 青石县某某局</a></li>')
    c.append("</ul></div><script>" + 'function nav(i){var m=document.querySelectorAll(".menu li");}' * 40 + "</script>")
    related = ['<div class="related"><h3>相关链接</h3><ul>']
    for j in range(180):
        related.append(f'<li><a href="/art/2025/1/{j % 28 + 1}/art_{90000 + j}.html">青石县某某部门2024年政府信息公开工作年度报告</a></li>')
    related.append("</ul></div>")
    head, body = "".join(c).encode(), "".join(related).encode()
    low = page.lower()
    i = low.find(b"<body")
    if i < 0:
        return b"<html><body>" + head + page + body + b"</body></html>"
    j = page.find(b">", i) + 1
    k = low.rfind(b"</body>")
    if k < 0:
        k = len(page)
    return page[:j] + head + page[j:k] + body + page[k:]


def make_corpus(dest: str, pages: int) -> None:
    files = sorted(glob.glob(os.path.join(REPO, "pipeline/extract/testdata/*.html")) +
                   glob.glob(os.path.join(REPO, "pipeline/extract/testdata/classes/*.html")))
    for n in range(pages):
        f = files[n % len(files)]
        with open(f, "rb") as fh:
            b = fh.read()
        if len(b) < 50_000:
            b = chrome(b)
        with open(os.path.join(dest, f"{n:03d}_{os.path.basename(f)}"), "wb") as fh:
            fh.write(b)


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
