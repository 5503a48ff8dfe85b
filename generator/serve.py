"""A small read-only web server for the built site, bound to 127.0.0.1."""

from __future__ import annotations

import functools
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from generator.errors import UsageError

HOST = "127.0.0.1"


class SiteHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".ics": "text/calendar; charset=utf-8", ".txt": "text/plain; charset=utf-8"}

    def log_message(self, format: str, *args) -> None:  # quieter, in the server's own words
        sys.stderr.write(f"{self.log_date_time_string()} {self.address_string()} {format % args}\n")

    def do_PUT(self) -> None:
        self.send_error(405, explain="手册网站是只读的")

    do_POST = do_DELETE = do_PUT


def make_server(site_dir: Path, port: int) -> ThreadingHTTPServer:
    if not (site_dir / "index.html").exists():
        raise UsageError(f"{site_dir} 中没有网站：请先运行 handbook build")
    handler = functools.partial(SiteHandler, directory=str(site_dir))
    try:
        return ThreadingHTTPServer((HOST, port), handler)
    except OSError as exc:
        raise UsageError(f"无法在 {HOST}:{port} 上启动服务（{exc.strerror}）：端口可能已被占用，请用 --port 换一个") from None


def serve(site_dir: Path, port: int) -> None:
    server = make_server(site_dir, port)
    print(f"手册网站已启动：http://{HOST}:{server.server_port}/ （按 Ctrl+C 停止）", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("已停止。", file=sys.stderr)
    finally:
        server.server_close()
