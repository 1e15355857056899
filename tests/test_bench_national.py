"""``make bench``'s CPU budget of the referral POST: which process spent what."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.bench_loader import load

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="the CPU figures read Linux's /proc"
)

SPIN = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.2: pass\ntime.sleep(60)"


def test_the_cpu_of_the_servers_workers_and_the_task_worker_is_counted():
    national = load("national")
    # A child of "the server" (us): our own interpreter running our own fixed code.
    child = subprocess.Popen([sys.executable, "-c", SPIN])  # noqa: S603
    try:
        for _ in range(100):
            if national._cpu_seconds(child.pid) >= 0.2:
                break
            time.sleep(0.1)
        cpu = national.process_cpu(os.getpid(), child.pid)
    finally:
        child.kill()
        child.wait()
    assert set(cpu) == {"web workers", "task worker", "PostgreSQL", "benchmark clients"}
    assert cpu["web workers"] >= 0.19  # the server's children
    assert cpu["task worker"] >= 0.19
    assert cpu["benchmark clients"] > 0
    assert national._cpu_seconds(child.pid) == 0.0  # gone: nothing, not an error
