#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""axtree.py CHROMIUM PAGE ROLE...: how many nodes of each ROLE Chromium's accessibility
tree (what a screen reader is given) holds for the HTML file PAGE, one "ROLE N" line each.

Headless Chromium is started with its DevTools endpoint on a free port; this speaks the
DevTools protocol over a WebSocket (RFC 6455: a client's frames masked, the server's not)
with the standard library alone: wait for the page to load, then Accessibility.queryAXTree
from the document's root for each role, until two readings agree.  Exit 2 when Chromium cannot be driven."""
import base64, json, os, shutil, socket, struct, subprocess, sys, tempfile, time, urllib.request


class Refused(OSError):
    """Chromium answered a call with an error."""


class Ws:
    def __init__(self, url):
        host, path = url[len('ws://'):].split('/', 1)
        h, p = host.split(':')
        self.s = socket.create_connection((h, int(p)), timeout=120)
        key = base64.b64encode(os.urandom(16)).decode()
        self.s.sendall((f'GET /{path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n'
                        f'Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n'
                        'Sec-WebSocket-Version: 13\r\n\r\n').encode())
        head = b''
        while b'\r\n\r\n' not in head:
            b = self.s.recv(1)
            if not b:
                raise OSError('handshake: connection closed')
            head += b
        if b' 101 ' not in head.split(b'\r\n')[0]:
            raise OSError('handshake: ' + head.split(b'\r\n')[0].decode())
        self.id = 0

    def _read(self, n):
        buf = b''
        while len(buf) < n:
            b = self.s.recv(n - len(buf))
            if not b:
                raise OSError('connection closed')
            buf += b
        return buf

    def _send(self, text):
        data, mask = text.encode(), os.urandom(4)
        n = len(data)
        head = struct.pack('!B', 0x81) + (struct.pack('!B', 0x80 | n) if n < 126 else
                                          struct.pack('!BH', 0x80 | 126, n) if n < 65536 else
                                          struct.pack('!BQ', 0x80 | 127, n))
        self.s.sendall(head + mask + bytes(c ^ mask[i % 4] for i, c in enumerate(data)))

    def _recv(self):
        msg = b''
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7f
            if n == 126:
                n = struct.unpack('!H', self._read(2))[0]
            elif n == 127:
                n = struct.unpack('!Q', self._read(8))[0]
            payload = self._read(n)
            if b0 & 0x0f in (0x9, 0xa):  # ping, pong: not part of a message
                continue
            msg += payload
            if b0 & 0x80:
                return json.loads(msg)

    def call(self, method, **params):
        self.id += 1
        self._send(json.dumps({'id': self.id, 'method': method, 'params': params}))
        while True:
            m = self._recv()
            if m.get('id') == self.id:
                if 'error' in m:
                    raise Refused(f"{method}: {m['error']}")
                return m['result']


def main():
    chromium, page, roles = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3:]
    prof = tempfile.mkdtemp()
    proc = subprocess.Popen([chromium, '--headless', '--no-sandbox', '--disable-gpu',
                             '--remote-debugging-port=0', f'--user-data-dir={prof}', 'file://' + page],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file, t0 = os.path.join(prof, 'DevToolsActivePort'), time.time()
        while not os.path.exists(port_file) or not open(port_file).read().strip():
            if time.time() - t0 > 60 or proc.poll() is not None:
                raise OSError('Chromium gave no DevTools port')
            time.sleep(0.1)
        port = open(port_file).read().split()[0]
        pages = json.load(urllib.request.urlopen(f'http://127.0.0.1:{port}/json/list', timeout=30))
        ws = Ws(next(p for p in pages if p['type'] == 'page')['webSocketDebuggerUrl'])
        while ws.call('Runtime.evaluate', expression='document.readyState')['result']['value'] != 'complete':
            if time.time() - t0 > 120:
                raise OSError('the page did not load')
            time.sleep(0.1)
        ws.call('Accessibility.enable')
        last = counts = None
        for _ in range(20):  # until two readings half a second apart agree
            try:
                counts = []
                for role in roles:
                    # the document as a remote object: DOM node ids do not last while it settles
                    doc = ws.call('Runtime.evaluate', expression='document')['result']['objectId']
                    nodes = ws.call('Accessibility.queryAXTree', objectId=doc, role=role)['nodes']
                    counts.append(sum(1 for n in nodes if not n.get('ignored')))
            except Refused:
                counts = None
            if counts is not None and counts == last:
                break
            last = counts
            time.sleep(0.5)
        if counts is None:
            raise OSError('no reading of the accessibility tree')
        for role, n in zip(roles, counts):
            print(role, n)
    except (OSError, StopIteration, KeyError, ValueError) as e:
        print(f'axtree: {e}', file=sys.stderr)
        return 2
    finally:
        proc.kill()
        proc.wait()
        shutil.rmtree(prof, ignore_errors=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
