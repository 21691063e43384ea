#!/usr/bin/env python3
"""Measures the casework desk's pages on a running server as the demo
caseworker (password, then the authenticator code worked out from the demo
secret): p50 and p95 of sequential requests, then of 32 requests in flight.
Prints a Markdown table for README "Performance", with each page's body as
sent on the wire (compressed as Chromium asks); nothing passes or fails.

    scripts/desk-bench.py http://127.0.0.1:3300 sqlite
    scripts/desk-bench.py http://127.0.0.1:3300 sqlite "a case"   (only pages whose label has this)
"""
import base64, concurrent.futures, hashlib, hmac, http.client, os, re, shutil, statistics, struct, subprocess, sys, time, urllib.parse

BASE, NAME = sys.argv[1], sys.argv[2]
ONLY = sys.argv[3] if len(sys.argv) > 3 else ""
EMAIL, PASSWORD = "demo.caseworker@sca.example.gov.uk", "demo-password-1"
SECRET = "NRMDEMONRMDEMONRMDEMONRMDEMONRMD"  # server/src/tools/demo.rs
HOST = urllib.parse.urlparse(BASE).netloc


def totp(secret: str, at: float) -> str:
    key = base64.b32decode(secret)
    mac = hmac.new(key, struct.pack(">Q", int(at) // 30), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000)


def request(method, path, cookie="", form=None, encoding="gzip, deflate, br, zstd"):
    """One request, compressed as Chromium asks unless `encoding` says otherwise."""
    conn = http.client.HTTPConnection(HOST, timeout=60)
    headers = {"Cookie": cookie, "Origin": BASE, "Accept-Encoding": encoding}
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response, data


def session_of(response, cookie):
    for header, value in response.getheaders():
        if header.lower() == "set-cookie" and value.startswith("nrm_session="):
            return value.split(";")[0]
    return cookie


response, _ = request("POST", "/staff/sign-in", form={"email": EMAIL, "password": PASSWORD})
cookie = session_of(response, "")
response, _ = request("POST", "/staff/second-factor", cookie, {"code": totp(SECRET, time.time())})
cookie = session_of(response, cookie)
assert response.getheader("Location", "").endswith("/casework/my-work"), "signed in with both factors"

_, queue = request("GET", "/casework", cookie, encoding="identity")
case = re.search(rb'href="(/casework/cases/[A-Z]+-\d{4}-\d{6})"', queue).group(1).decode()


def next_of(path):
    """Where the page's Next link leads: a deep page as a caseworker reaches
    it, going on from the case before it (`after=`)."""
    _, page = request("GET", path, cookie, encoding="identity")
    href = re.search(rb'<a [^>]*href="([^"]+)"[^>]*rel="next"', page).group(1).decode()
    return href.replace("&amp;", "&")

PAGES = [
    ("queue: first page", "/casework"),
    ("queue: children", "/casework?age=Child"),
    ("queue: newest received", "/casework?sort=received"),
    ("queue: page 500", next_of("/casework?page=498")),
    ("queue: search by name", "/casework?search=hoxha"),
    ("queue: search by reference", "/casework?search=" + case.rsplit("/", 1)[1]),
    ("My work", "/casework/my-work"),
    ("My work: page 40", next_of("/casework/my-work?page=38")),
    ("Available work", "/casework/available-work"),
    ("Available work: page 500", next_of("/casework/available-work?page=498")),
    ("a case", case),
    ("a case's referral", case + "/referral"),
    ("a case's timeline", case + "/timeline"),
    ("a case's documents", case + "/documents"),
    ("a case's letters", case + "/letters"),
    ("a case's linked cases", case + "/linked-cases"),
    ("a case's access", case + "/access"),
    ("Duty to Notify register", "/casework/duty-to-notify"),
    # Generated people share 195 names: a surname is in 1 case in 13.
    ("person search: a surname", "/casework/search?name=hoxha"),
    ("person search: a whole name", "/casework/search?name=arben+hoxha"),
    ("person search: a name's start", "/casework/search?name=kow"),
    ("person search: date of birth", "/casework/search?dob-day=1&dob-month=2&dob-year=1990"),
    ("person search: name and date of birth", "/casework/search?name=ana&dob-day=1&dob-month=2&dob-year=1990"),
]


def timed(path):
    start = time.perf_counter()
    response, _ = request("GET", path, cookie)
    assert response.status == 200, (path, response.status)
    return (time.perf_counter() - start) * 1000


def on_the_wire(path):
    """The page's body as the server sends it to Chromium (compressed as it
    asks), in bytes."""
    response, data = request("GET", path, cookie)
    assert response.status == 200, (path, response.status)
    return len(data)


def p95(times):
    times = sorted(times)
    return times[max(0, int(len(times) * 0.95) - 1)]


WRK = shutil.which("wrk")
LUA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "wrk-percentiles.lua")


TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """CPU seconds process `pid` (all its threads) has used so far."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            line = stat.read()
    except OSError:
        return 0.0
    fields = line[line.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def listener_pid(port):
    """The process listening on `port` (the server), from /proc."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as sockets:
            for line in list(sockets)[1:]:
                fields = line.split()
                if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                    inodes.add(fields[9])
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
                if link.startswith("socket:[") and link[8:-1] in inodes:
                    return pid
        except OSError:
            continue
    return None


def postgres_pids():
    pids = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/comm") as comm:
                if comm.read().strip() == "postgres":
                    pids.append(pid)
        except OSError:
            continue
    return pids


SERVER_PID = listener_pid(urllib.parse.urlparse(BASE).port or 80)


def cpu_used():
    """CPU seconds used so far by the server and by each of PostgreSQL's
    processes (by pid: one that ends during a run is left out of it rather
    than taking its whole past from the sum)."""
    return {"server": {SERVER_PID: cpu_seconds(SERVER_PID)} if SERVER_PID else {},
            "postgres": {pid: cpu_seconds(pid) for pid in postgres_pids()}}


def cpu_between(before, after):
    """CPU seconds each of the server and PostgreSQL used between two readings."""
    return {name: sum(seconds - before[name].get(pid, 0.0)
                      for pid, seconds in after[name].items() if seconds > 0)
            for name in after}


def in_flight(pool, path):
    """p50 and p95 with 32 requests in flight: wrk (32 kept-alive connections,
    5 s, C, little CPU of its own) when it is installed, else 320 requests from
    32 Python threads, whose own work on these 2 cores adds to what they time.
    Also the CPU each request took from the server and from PostgreSQL (its
    processes' time over the run, divided by the requests answered)."""
    if not WRK:
        loaded = list(pool.map(timed, [path] * 320))
        return statistics.median(loaded), p95(loaded), None
    before = cpu_used()
    out = subprocess.run(
        [WRK, "-t2", "-c32", "-d5s", "-s", LUA, "-H", f"Cookie: {cookie}",
         "-H", "Accept-Encoding: gzip, deflate, br, zstd", BASE + path],
        check=True, capture_output=True, text=True).stdout
    p50_ms, p95_ms, made, failed = re.search(r"WRK (\S+) (\S+) (\d+) (\d+)", out).groups()
    assert int(failed) == 0, (path, out)
    assert int(made) > 0, (path, out)
    after = cpu_used()
    per_request = {name: used * 1000 / int(made)
                   for name, used in cpu_between(before, after).items()}
    return float(p50_ms), float(p95_ms), per_request


tool = "wrk -t2 -c32 -d5s" if WRK else "32 Python threads"
# On the table itself: figures kept by Python threads are not comparable
# with wrk's (their own work on the same cores adds to what they time).
print(f"32 in flight kept by {tool}.\n")
print(f"| {NAME} | serial p50 | serial p95 | 32 in flight p50 | 32 in flight p95 "
      "| CPU a request: server + PostgreSQL | page on the wire |")
print("|---|---|---|---|---|---|---|")
with concurrent.futures.ThreadPoolExecutor(max_workers=32) as pool:
    for label, path in [(label, path) for label, path in PAGES if ONLY in label]:
        for _ in range(5):
            timed(path)
        serial = [timed(path) for _ in range(20)]
        loaded_p50, loaded_p95, cpu = in_flight(pool, path)
        cpu = "" if cpu is None else " + ".join(
            f"{cpu.get(name, 0):.2f}" for name in ("server", "postgres")) + " ms"
        print(f"| {label} | {statistics.median(serial):.1f} ms | {p95(serial):.1f} ms "
              f"| {loaded_p50:.1f} ms | {loaded_p95:.1f} ms | {cpu} | {on_the_wire(path):,} B |",
              flush=True)
