#!/usr/bin/env python3
"""Write-load client for bench/crash.sh: sends N readings, each under a fixed Idempotency-Key,
and retries each one until the service acknowledges it with a 201 (first answer or replay),
however often the service is killed in between. Standard library only.

Reading i goes to session i % len(sessions), measured at BASE + i milliseconds (the marker the
checks in crash.sh map back to i), with values derived from i. The outcome of every reading is
written as tab-separated lines to OUT:  seq key session measured_at heart_rate nausea acked reading_id
attempts replayed.

  crash-client.py --url URL --token-file F --sessions S1,S2 --count N --workers W
                  --base ISO-INSTANT --out FILE [--give-up SECONDS]
"""
import argparse
import http.client
import json
import sys
import threading
import time
import urllib.parse
import uuid
from datetime import datetime, timedelta, timezone


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--token-file", required=True)
    p.add_argument("--sessions", required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--base", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--timeout", type=float, default=2.0)
    p.add_argument("--backoff", type=float, default=0.2)
    p.add_argument("--trace", help="append one line per failed or retried attempt to this file")
    p.add_argument("--give-up", type=float, default=600.0, help="stop retrying after this many seconds overall")
    a = p.parse_args()

    token = open(a.token_file).read().strip()
    sessions = a.sessions.split(",")
    base = datetime.fromisoformat(a.base.replace("Z", "+00:00"))
    url = urllib.parse.urlsplit(a.url)
    deadline = time.monotonic() + a.give_up

    readings = []
    for i in range(a.count):
        measured = (base + timedelta(milliseconds=i)).astimezone(timezone.utc)
        readings.append({
            "seq": i,
            # Deterministic per run but unique across runs: uuid5 of a random run id and i.
            "key": None,
            "session": sessions[i % len(sessions)],
            "measuredAt": measured.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
            "heartRate": 60 + i % 40,
            "nausea": i % 3,
            "acked": False, "id": "", "attempts": 0, "replayed": False,
        })
    run = uuid.uuid4()
    for r in readings:
        r["key"] = str(uuid.uuid5(run, str(r["seq"])))

    next_index = [0]
    lock = threading.Lock()
    problems = []
    failures = {}  # kind of failed attempt -> count

    trace = open(a.trace, "a") if a.trace else None

    def note(r, what, t_start):
        if trace and (what != "201" or r["attempts"] > 1):
            with lock:
                trace.write("%.3f seq=%d attempt=%d %s %.3fs\n" % (time.time(), r["seq"], r["attempts"], what, time.monotonic() - t_start))

    def failed(kind, r=None, t_start=None):
        with lock:
            failures[kind] = failures.get(kind, 0) + 1
        if r is not None:
            note(r, kind, t_start)

    def take():
        with lock:
            if next_index[0] >= len(readings):
                return None
            r = readings[next_index[0]]
            next_index[0] += 1
            return r

    def send(r):
        body = json.dumps({"measuredAt": r["measuredAt"], "heartRate": r["heartRate"], "spo2": 98,
                           "nausea": r["nausea"], "consciousness": "ALERT"})
        headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json",
                   "Idempotency-Key": r["key"]}
        path = url.path.rstrip("/") + "/sessions/" + r["session"] + "/vitals"
        while time.monotonic() < deadline:
            r["attempts"] += 1
            t_start = time.monotonic()
            conn = http.client.HTTPConnection(url.hostname, url.port, timeout=a.timeout)
            try:
                conn.request("POST", path, body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                if resp.status == 201:
                    answer = json.loads(data)
                    r["id"] = answer["id"]
                    r["replayed"] = resp.getheader("Idempotent-Replayed") == "true"
                    r["acked"] = True
                    note(r, "201" + (" replayed" if r["replayed"] else ""), t_start)
                    return
                if resp.status in (400, 401, 403, 404, 409, 415, 422):
                    # Not a crash symptom: the request itself is refused. Record it and stop.
                    with lock:
                        problems.append("seq %d: %d %s" % (r["seq"], resp.status, data[:300]))
                    return
                failed("http-%d" % resp.status, r, t_start)  # 5xx (e.g. shutting down, pool not ready): try again
            except TimeoutError:
                failed("timeout", r, t_start)
            except ConnectionRefusedError:
                failed("refused", r, t_start)
            except (OSError, http.client.HTTPException, ValueError) as e:
                failed(type(e).__name__, r, t_start)  # reset, closed without an answer: the service died
            finally:
                conn.close()
            time.sleep(a.backoff)

    def worker():
        while True:
            r = take()
            if r is None:
                return
            send(r)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(a.workers)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started

    with open(a.out, "w") as f:
        for r in readings:
            f.write("\t".join(str(x) for x in (
                r["seq"], r["key"], r["session"], r["measuredAt"], r["heartRate"], r["nausea"],
                "t" if r["acked"] else "f", r["id"] or "\\N", r["attempts"], "t" if r["replayed"] else "f")) + "\n")
    acked = sum(r["acked"] for r in readings)
    retried = sum(r["attempts"] > 1 for r in readings)
    replayed = sum(r["replayed"] for r in readings)
    print("client: sent=%d acknowledged=%d retried=%d replayed=%d attempts=%d in %.1f s"
          % (len(readings), acked, retried, replayed, sum(r["attempts"] for r in readings), elapsed))
    print("client: failed attempts: " + (", ".join("%s=%d" % kv for kv in sorted(failures.items())) or "none"))
    for line in problems[:10]:
        print("client: refused: " + line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
