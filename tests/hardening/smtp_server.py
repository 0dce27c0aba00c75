"""A mail server for tests that accepts connections and stays silent until told to speak (then it speaks
just enough SMTP to take messages): a stuck mail server, and the same one recovering."""

import contextlib
import socket
import threading
from email import message_from_bytes, policy


class SilentSMTPServer:
    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.speak = threading.Event()  # set: answer (the connections waiting so far, and new ones)
        self.accepted = threading.Event()  # a client has connected
        self.messages = []  # (recipients, parsed message)
        self._connections = []
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self._closed:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            self._connections.append(conn)
            self.accepted.set()
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket):
        try:
            self.speak.wait()
            reader = conn.makefile("rb")
            conn.sendall(b"220 test ESMTP\r\n")
            recipients = []
            for line in reader:
                command = line.decode("ascii", "replace").strip().upper()
                if command.startswith("EHLO"):
                    conn.sendall(b"250-test\r\n250 8BITMIME\r\n")
                elif command.startswith("RCPT TO:"):
                    recipients.append(line.decode().strip()[8:].strip("<> \r\n"))
                    conn.sendall(b"250 OK\r\n")
                elif command == "DATA":
                    conn.sendall(b"354 go on\r\n")
                    data = b""
                    for data_line in reader:
                        if data_line == b".\r\n":
                            break
                        data += data_line[1:] if data_line.startswith(b"..") else data_line
                    self.messages.append((recipients, message_from_bytes(data, policy=policy.default)))
                    recipients = []
                    conn.sendall(b"250 queued\r\n")
                elif command == "QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                else:  # HELO, MAIL FROM, RSET, NOOP
                    conn.sendall(b"250 OK\r\n")
        except OSError:
            return
        finally:
            conn.close()

    def close(self):
        self._closed = True
        self.speak.set()
        self.sock.close()
        for conn in self._connections:
            with contextlib.suppress(OSError):
                conn.close()
