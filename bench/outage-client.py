#!/usr/bin/env python3
"""Write load for bench/db-outage.sh: POST readings with Idempotency-Keys, retrying each until it
is acknowledged, while logging every answer (time, status, latency, Retry-After) and polling
/q/health/ready. Standard library only. Writes JSON lines to the log file given."""
import json
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

base, token, sessions_arg, seconds, log_path = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5]
sessions = sessions_arg.split(",")
lock = threading.Lock()
log = open(log_path, "w")
stop_at = time.time() + seconds


def record(entry):
    with lock:
        log.write(json.dumps(entry) + "\n")
        log.flush()


def post(url, body, key):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={
        "Authorization": "Bearer " + token, "Content-Type": "application/json", "Idempotency-Key": key})
    started = time.time()
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read()), None, time.time() - started
    except urllib.error.HTTPError as e:
        return e.code, None, e.headers.get("Retry-After"), time.time() - started
    except Exception:  # connection refused or timed out: the service itself did not answer
        return 0, None, None, time.time() - started


def writer(worker):
    n = 0
    while time.time() < stop_at:
        key = str(uuid.uuid4())
        session = sessions[(worker + n) % len(sessions)]
        body = {"heartRate": 60 + n % 40, "spo2": 96}
        while True:
            status, answer, retry_after, latency = post(f"{base}/api/v1/sessions/{session}/vitals", body, key)
            record({"t": time.time(), "kind": "post", "status": status, "latency": latency,
                    "retryAfter": retry_after, "key": key, "id": answer["id"] if answer else None})
            if status == 201:
                break
            if time.time() > stop_at + 30:
                record({"t": time.time(), "kind": "gave-up", "key": key})
                return
            time.sleep(0.2)
        n += 1
        time.sleep(0.05)


def ready():
    while time.time() < stop_at:
        try:
            with urllib.request.urlopen(base + "/q/health/ready", timeout=5) as answer:
                status = answer.status
        except urllib.error.HTTPError as e:
            status = e.code
        except Exception:
            status = 0
        record({"t": time.time(), "kind": "ready", "status": status})
        time.sleep(0.5)


threads = [threading.Thread(target=writer, args=(i,)) for i in range(4)] + [threading.Thread(target=ready)]
for t in threads:
    t.start()
for t in threads:
    t.join()
