package io.txorders.lab.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The benchmark's load client: blocking HTTP/1.1 over one kept-alive connection per calling thread, nothing else.
 *
 * <p>Why not {@link java.net.http.HttpClient}: the load generator runs on the same cores as the platform it
 * measures. Measured with placement at 16 threads on 2 cores, the JDK client used 1.65 ms of CPU per request,
 * about as much as order-producer itself (1.8 ms), so the benchmark mostly measured its own client. This client
 * uses about 0.27 ms. It speaks just what the benchmark needs: a request with a JSON body, a response with
 * {@code Content-Length} or chunked encoding, {@code Connection: close} honoured. Not thread-safe: one instance
 * per thread (see {@link PerThread}).
 *
 * <p>Failure semantics: an I/O error closes the connection and is thrown; the next call opens a new one. A
 * request is never retried (a POST may have been applied).
 */
final class KeepAliveHttpClient implements AutoCloseable {

    /** An HTTP response: status and body (UTF-8). */
    record Response(int status, String body) {
    }

    private final String host;
    private final int port;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    KeepAliveHttpClient(URI base, int timeoutMillis) {
        this.host = base.getHost();
        this.port = base.getPort() < 0 ? 80 : base.getPort();
        this.timeoutMillis = timeoutMillis;
    }

    /** Sends {@code method path} with {@code jsonBody} (or no body when {@code null}) and reads the whole response. */
    Response send(String method, String path, String jsonBody) throws IOException {
        byte[] body = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(160).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n");
        if (jsonBody != null) {
            head.append("Content-Type: application/json\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        try {
            connectIfNeeded();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return readResponse(method);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void connectIfNeeded() throws IOException {
        if (socket != null) {
            return;
        }
        Socket opened = new Socket();
        opened.setTcpNoDelay(true);
        opened.setSoTimeout(timeoutMillis);
        opened.connect(new InetSocketAddress(host, port), timeoutMillis);
        socket = opened;
        in = new BufferedInputStream(opened.getInputStream(), 8192);
        out = opened.getOutputStream();
    }

    private Response readResponse(String method) throws IOException {
        String statusLine = line();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        boolean close = parts[0].equals("HTTP/1.0");
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Connection")) {
                close = value.equalsIgnoreCase("close");
            }
        }
        byte[] body;
        if (method.equals("HEAD") || status / 100 == 1 || status == 204 || status == 304) {
            body = new byte[0]; // never a body, whatever the headers say
        } else if (chunked) {
            body = chunkedBody();
        } else if (length >= 0) {
            body = exactly((int) length);
        } else {
            body = in.readAllBytes(); // no length: the body ends with the connection
            close = true;
        }
        if (close) {
            close();
        }
        return new Response(status, new String(body, StandardCharsets.UTF_8));
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                // Trailers, if any, up to the empty line.
                while (!line().isEmpty()) {
                    // skipped
                }
                return body.toByteArray();
            }
            body.write(exactly(size));
            line(); // the CRLF after the chunk
        }
    }

    private byte[] exactly(int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("connection closed after " + bytes.length + " of " + length + " body bytes");
        }
        return bytes;
    }

    /** One header line without its CRLF. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed by the server mid-response");
            }
            if (c == '\n') {
                int last = line.length() - 1;
                if (last >= 0 && line.charAt(last) == '\r') {
                    line.setLength(last);
                }
                return line.toString();
            }
            line.append((char) c);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a connection we no longer use
            }
        }
        socket = null;
        in = null;
        out = null;
    }

    /** A client per calling thread against one base URI, each with its own connection; closes them all. */
    static final class PerThread implements AutoCloseable {
        private final Queue<KeepAliveHttpClient> created = new ConcurrentLinkedQueue<>();
        private final ThreadLocal<KeepAliveHttpClient> clients;

        PerThread(URI base) {
            this.clients = ThreadLocal.withInitial(() -> {
                KeepAliveHttpClient client = new KeepAliveHttpClient(base, 30_000);
                created.add(client);
                return client;
            });
        }

        /** This thread's client. */
        KeepAliveHttpClient get() {
            return clients.get();
        }

        /** Closes every thread's connection; call once the threads are done. */
        @Override
        public void close() {
            created.forEach(KeepAliveHttpClient::close);
        }
    }
}
