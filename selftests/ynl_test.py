#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The kernel's YNL CLI (tools/net/ynl/pyynl/cli.py), given mmscope's spec
and nothing else, performs every doit and dump of the family against the
module and decodes the replies; each decoded figure is checked against the
kernel's own interfaces read in the same VM (/proc/PID/maps, smaps,
smaps_rollup, status, stat, pagemap).  The trace session (start, events,
stop on one socket) goes through the same library the CLI is a front of.
Runs inside the test VM with scripts/vm --ynl.  TAP on stdout.
"""
import json
import mmap
import os
import struct
import subprocess
import sys
import time

YNL = '/opt/ynl'
SPEC = YNL + '/specs/mmscope.yaml'
sys.path.insert(0, YNL)

results = []


def cli(*args):
    """Run the kernel's CLI; its JSON output, or (None, error text)."""
    cmd = [sys.executable, YNL + '/cli.py', '--spec', SPEC, '--no-schema',
           '--output-json'] + list(args)
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode:
        return None, (r.stdout + r.stderr).strip()
    return json.loads(r.stdout), None


def test(fn):
    name = fn.__name__
    try:
        why = fn()
    except Exception as e:      # a decoding failure is a failure too
        why = f'{type(e).__name__}: {e}'
    if why:
        for line in str(why).split('\n'):
            print(f'# {name}: {line}')
    results.append((name, not why))
    print(f"{'ok' if not why else 'not ok'} {len(results)} {name}", flush=True)
    return fn


def proc(pid, what):
    with open(f'/proc/{pid}/{what}') as f:
        return f.read()


def maps(pid):
    out = []
    for line in proc(pid, 'maps').splitlines():
        f = line.split(None, 5)
        if len(f) > 5 and f[5] == '[vsyscall]':
            continue
        s, e = (int(x, 16) for x in f[0].split('-'))
        out.append((s, e, f[1], int(f[2], 16), f[5] if len(f) > 5 else None))
    return out


def kb(text, key):
    for line in text.splitlines():
        if line.startswith(key + ':'):
            return int(line.split()[1]) * 1024
    raise KeyError(key)


def pagemap(pid, addr):
    with open(f'/proc/{pid}/pagemap', 'rb') as f:
        f.seek(addr // 4096 * 8)
        v = int.from_bytes(f.read(8), 'little')
    return v


target = subprocess.Popen(['/bin/sleep', '600'])
P = target.pid
time.sleep(0.5)


@test
def info_get():
    import yaml
    with open(SPEC) as f:
        version = yaml.safe_load(f)['version']
    r, e = cli('--do', 'info-get')
    if e:
        return e
    i = r['info']
    if i['proto'] != version:
        return f"proto {i['proto']}, the spec's version {version}"
    if i['running'] != os.uname().release:
        return f"running {i['running']}, uname -r {os.uname().release}"
    if i['page-size'] != os.sysconf('SC_PAGE_SIZE'):
        return f"page-size {i['page-size']}"
    if 'maps' not in i['features']:
        return f"features {i['features']} lack maps"
    return None


@test
def task_get():
    r, e = cli('--do', 'task-get', '--json', json.dumps({'pid': P}))
    if e:
        return e
    t = r['task']
    want = {'tgid': P, 'comm': proc(P, 'comm').strip(),
            'tids': sorted(int(x) for x in os.listdir(f'/proc/{P}/task'))}
    have = {'tgid': t['tgid'], 'comm': t['comm'], 'tids': sorted(t['tids'])}
    if have != want:
        return f'{have} != /proc {want}'
    st = proc(P, 'status')
    if t['mm']['map-count'] != len(maps(P)):
        return f"map-count {t['mm']['map-count']}, /proc/PID/maps {len(maps(P))} lines"
    if t['mm']['pgtables-bytes'] != kb(st, 'VmPTE'):
        return f"pgtables-bytes {t['mm']['pgtables-bytes']}, VmPTE {kb(st, 'VmPTE')}"
    if t['mm']['rss-anon'] * 4096 != kb(st, 'RssAnon'):
        return f"rss-anon {t['mm']['rss-anon']} pages, RssAnon {kb(st, 'RssAnon')}"
    return None


@test
def vma_get_dump():
    r, e = cli('--dump', 'vma-get', '--json', json.dumps({'pid': P}))
    if e:
        return e
    have = []
    for m in r:
        v = m['vma']
        perms = ''.join(c if p in v['perms'] else '-' for c, p in
                        (('r', 'read'), ('w', 'write'), ('x', 'exec')))
        perms += 's' if 'shared' in v['perms'] else 'p'
        have.append((v['start'], v['end'], perms, v.get('pgoff', 0), v.get('name')))
    want = maps(P)
    if have != want:
        diff = [(a, b) for a, b in zip(have + [None] * len(want), want + [None] * len(have)) if a != b]
        return f'{len(have)} VMAs decoded, /proc/PID/maps {len(want)}; first difference {diff[0]}'
    return None


@test
def vma_get_maps_records():
    """maps-records: struct mmscope_maps_rec, the name last"""
    r, e = cli('--dump', 'vma-get', '--json', json.dumps({'pid': P, 'flags': ['maps-records']}))
    if e:
        return e
    have = []
    for m in r:
        for h in m.get('maps-rec', []):
            b = bytes.fromhex(h)
            s, e_, off, _, _, nlen, perms, _ = struct.unpack_from('=QQQQIHBB', b)
            p = ''.join(c if perms & bit else '-' for c, bit in
                        (('r', 1), ('w', 2), ('x', 4)))
            p += 's' if perms & 8 else 'p'
            name = b[len(b) - nlen:-1].decode() if nlen else None
            have.append((s, e_, p, off, name))
    want = maps(P)
    if have != want:
        diff = [(a, b) for a, b in zip(have + [None] * len(want), want + [None] * len(have)) if a != b]
        return f'{len(have)} maps records decoded, /proc/PID/maps {len(want)}; first difference {diff[0]}'
    return None


@test
def vma_get_dump_smaps():
    r, e = cli('--dump', 'vma-get', '--json', json.dumps({'pid': P, 'flags': ['smaps']}))
    if e:
        return e
    have = [m['vma'].get('smaps', {}).get('rss', 0) for m in r]
    want = [kb(block, 'Rss') for block in
            proc(P, 'smaps').split('VmFlags:')[:-1]]
    if have != want:
        return f'Rss per VMA {have}, /proc/PID/smaps {want}'
    return None


@test
def rollup_get():
    r, e = cli('--do', 'rollup-get', '--json', json.dumps({'pid': P}))
    if e:
        return e
    ro = r['rollup']
    text = proc(P, 'smaps_rollup')
    have = (ro['rss'], ro.get('anonymous', 0), ro['pss'] >> 12 >> 10 << 10)
    want = (kb(text, 'Rss'), kb(text, 'Anonymous'), kb(text, 'Pss'))
    if have != want:
        return f'rss, anonymous, pss {have}, smaps_rollup {want}'
    return None


@test
def pt_get_dump():
    r, e = cli('--dump', 'pt-get', '--json', json.dumps({'pid': P, 'flags': ['page']}))
    if e:
        return e
    have = {}
    for m in r:
        for pt in m['pt']:
            if pt['kind'] == 'present' and pt['level'] == 'pte':
                have[pt['start']] = pt['pfn']
            elif pt['kind'] == 'present':
                return f'a {pt["level"]} leaf in an idle sleep: {pt}'
    want = {}
    for s, e_, _, _, _ in maps(P):
        for a in range(s, e_, 4096):
            v = pagemap(P, a)
            if v >> 63:
                want[a] = v & ((1 << 55) - 1)
    if have != want:
        only = sorted(set(have.items()) ^ set(want.items()))[:3]
        return f'{len(have)} present PTEs decoded, pagemap {len(want)}; differ at {only}'
    return None


@test
def vtop():
    s = maps(P)[0][0]
    r, e = cli('--do', 'vtop', '--json', json.dumps({'pid': P, 'addr': s}))
    if e:
        return e
    levels = [pt['level'] for pt in r['vtop']['pt']]
    leaf = r['vtop']['pt'][-1]
    v = pagemap(P, s)
    if levels[-1] != 'pte' or levels[0] != 'pgd':
        return f'levels {levels}'
    if r['vtop']['vma']['start'] != s:
        return f"vma {r['vtop']['vma']}"
    if v >> 63 and leaf['phys'] >> 12 != v & ((1 << 55) - 1):
        return f"phys {leaf['phys']:#x}, pagemap pfn {v & ((1 << 55) - 1):#x}"
    return None


@test
def pt_stats():
    r, e = cli('--do', 'pt-stats', '--json', json.dumps({'pid': P}))
    if e:
        return e
    total = 0
    for lv in r['pt-stats']['pt-level']:
        if lv['level'] in ('pud', 'pmd', 'pte'):
            total += lv['bytes'] + lv.get('deposited', 0)
        if sum(lv['hist']) != lv['tables']:
            return f"{lv['level']}: histogram sums to {sum(lv['hist'])}, tables {lv['tables']}"
    if total != kb(proc(P, 'status'), 'VmPTE'):
        return f"PUD+PMD+PTE bytes {total}, VmPTE {kb(proc(P, 'status'), 'VmPTE')}"
    return None


@test
def counters_ctl_and_get():
    r, e = cli('--do', 'counters-ctl', '--json', json.dumps({'ctl-flags': ['enable']}))
    if e:
        return e
    if r['counting']['on'] != 1:
        return f"counting after enable: {r['counting']}"
    child = subprocess.Popen(['/bin/sh', '-c', 'i=0; while [ $i -lt 200 ]; do i=$((i+1)); done; sleep 600'])
    time.sleep(1)
    r, e = cli('--do', 'counters-get', '--json', json.dumps({'pid': child.pid}))
    stat = proc(child.pid, 'stat').rsplit(')', 1)[1].split()
    child.kill()
    child.wait()
    off, oe = cli('--do', 'counters-ctl', '--json', json.dumps({'ctl-flags': ['disable']}))
    if e or oe:
        return e or oe
    c = r['counters']
    classes = bytes.fromhex(c['by-class'])
    by_class = sum(int.from_bytes(classes[i:i + 8], 'little') for i in range(0, len(classes), 8))
    minflt, majflt = int(stat[7]), int(stat[9])
    if c['minor'] + c['major'] == 0:
        return 'no fault counted for a process that ran a shell'
    if by_class != c['minor'] + c['major'] + c['errors']:
        return f"by-class sums to {by_class}, minor+major+errors {c['minor'] + c['major'] + c['errors']}"
    if c['minor'] > minflt or c['major'] > majflt:
        return f"minor {c['minor']}, major {c['major']}: more than /proc/PID/stat's {minflt}, {majflt}"
    if off['counting']['on'] != 0:
        return f"counting after disable: {off['counting']}"
    return None


@test
def trace_session():
    from lib import YnlFamily, NlError
    ynl = YnlFamily(SPEC, schema='')
    # a private mapping of a file of its own: each first write copies a
    # page (class cow), and the VMA is found by name, never merged
    path = '/tmp/ynl_test.cow'
    with open(path, 'wb') as f:
        f.write(b'\0' * 64 * 4096)
    fd = os.open(path, os.O_RDWR)
    region = mmap.mmap(fd, 64 * 4096, flags=mmap.MAP_PRIVATE,
                       prot=mmap.PROT_READ | mmap.PROT_WRITE)
    os.close(fd)
    vma = [m for m in maps(os.getpid()) if m[4] == path]
    r = ynl.do('trace-start', {'pids': [os.getpid()], 'classes': ['cow']})
    session = r['session']
    for i in range(64):
        region[i * 4096] = 1
    time.sleep(0.5)
    ynl.check_ntf()
    stop = ynl.do('trace-stop', {'session': session})
    ynl.check_ntf()
    pages = set()
    events = 0
    while not ynl.async_msg_queue.empty():
        msg = ynl.async_msg_queue.get_nowait()
        if msg['name'] != 'trace-event':
            continue
        for f in msg['msg'].get('fault', []):
            events += 1
            if vma and vma[0][0] <= f['address'] < vma[0][1]:
                if f['fclass'] != 'cow' or f['pid'] != os.getpid():
                    return f'event in the region: {f}'
                pages.add(f['address'] >> 12)
    if len(vma) != 1:
        return f'the mapping of {path} not found in /proc/self/maps: {vma}'
    if len(pages) != 64:
        return f'{len(pages)} of the 64 first writes seen as cow faults ({events} events)'
    if stop['trace-stats']['events'] < events:
        return f"stop says {stop['trace-stats']['events']} events sent, {events} decoded"
    try:
        ynl.do('trace-stop', {'session': session})
        return 'a second stop of the same session was not refused'
    except NlError as e:
        extack = e.nl_msg.extack or {}
        if e.error != 2 or 'session' not in extack.get('msg', ''):
            return f'not refused with ENOENT and a message naming the session: {e}'
    return None


@test
def mem_get():
    r, e = cli('--do', 'mem-get')
    if e:
        return e
    m = r['mem']
    meminfo = open('/proc/meminfo').read()
    if m['ram-pages'] * m['page-size'] != kb(meminfo, 'MemTotal'):
        return f"ram-pages {m['ram-pages']}, MemTotal {kb(meminfo, 'MemTotal')} bytes"
    if m['memmap-bytes'] != m['memmap-pages'] * m['struct-page-size']:
        return f'memmap-bytes {m["memmap-bytes"]} is not pages x struct page size'
    return None


@test
def every_request_decodes():
    """Every doit and dump of the spec, with the PID and an address where it
    takes them: the CLI decodes the reply (with the attributes the spec
    says it carries) or the refusal (an errno and a message), whatever the
    command; a command added to the spec is covered here without a line."""
    import yaml
    with open(SPEC) as f:
        spec = yaml.safe_load(f)
    addr = maps(P)[0][0]
    bad = []
    for op in spec['operations']['list']:
        kind = 'do' if 'do' in op else 'dump' if 'dump' in op else None
        if not kind:
            continue
        req = {}
        for a in op[kind]['request']['attributes']:
            if a == 'pid':
                req[a] = P
            elif a == 'addr':
                req[a] = addr
        r, e = cli('--' + kind, op['name'], '--json', json.dumps(req))
        if e is not None:
            if 'Traceback' in e or 'error' not in e.lower():
                bad.append(f"{op['name']}: not decoded: {e[-300:]}")
            continue
        replies = r if kind == 'dump' else [r]
        for one in replies:
            for a in op[kind].get('reply', {}).get('attributes', []):
                if a in one:
                    break
            else:
                bad.append(f"{op['name']}: reply {one} has none of "
                           f"{op[kind]['reply']['attributes']}")
                break
    return '\n'.join(bad) or None


@test
def error_decoded():
    r, e = cli('--do', 'task-get', '--json', json.dumps({'pid': 4194304}))
    if r is not None:
        return f'pid 4194304 answered: {r}'
    if 'No such process' not in e and 'ESRCH' not in e:
        return f'refusal not decoded as ESRCH with a message: {e}'
    return None


target.kill()
target.wait()
ok = sum(1 for _, good in results if good)
print(f'1..{len(results)}')
print(f'# {ok} passed, {len(results) - ok} failed')
sys.exit(0 if ok == len(results) else 1)
