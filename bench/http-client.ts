// A lean HTTP/1.1 client for benches: keep-alive sockets, one request at a time on each, answers with
// Content-Length only (the gateway sends no other). Node's http.request client costs about as much CPU
// per request as the server side of the exchange (a ClientRequest, agent bookkeeping, header objects),
// and in an in-process bench that cost is counted against the server being measured; this client keeps
// the measurement about the server, as a load generator on another machine (or wrk, autocannon) would.
import net from 'node:net';

export interface Answer { status: number; body: Buffer }

const HEAD_END = Buffer.from('\r\n\r\n');

class Connection {
  /** The server closes idle keep-alive connections (Node: after 5 s); a closed one is replaced. */
  closed = false;
  private buffered: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (a: Answer) => void; reject: (e: Error) => void } | null = null;

  constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => { this.closed = true; this.fail(new Error('connection closed')); });
  }

  request(head: string): Promise<Answer> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(head);
    });
  }

  close(): void { this.socket.destroy(); }

  private fail(err: Error): void {
    const w = this.waiting;
    this.waiting = null;
    w?.reject(err);
  }

  private onData(chunk: Buffer): void {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    const end = this.buffered.indexOf(HEAD_END);
    if (end < 0) return;
    const head = this.buffered.toString('latin1', 0, end);
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length) return this.fail(new Error(`answer without Content-Length: ${head.split('\r\n')[0]}`));
    const total = end + 4 + Number(length[1]);
    if (this.buffered.length < total) return;
    const body = this.buffered.subarray(end + 4, total);
    this.buffered = this.buffered.subarray(total);
    const w = this.waiting;
    this.waiting = null;
    w?.resolve({ status: Number(head.slice(9, 12)), body });
  }
}

/** `size` keep-alive connections to host:port; `get` takes a free one (callers never exceed `size` at once). */
export class BenchHttpClient {
  private free: Connection[] = [];
  private all: Connection[] = [];

  private constructor(private readonly headers: string, private readonly port: number, private readonly host: string) {}

  static async open(port: number, size: number, headers: Record<string, string>, host = '127.0.0.1'): Promise<BenchHttpClient> {
    const lines = Object.entries({ Host: `${host}:${port}`, ...headers }).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    const client = new BenchHttpClient(lines, port, host);
    for (let i = 0; i < size; i++) client.free.push(await client.connect());
    return client;
  }

  private async connect(): Promise<Connection> {
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect(this.port, this.host, () => resolve(s));
      s.once('error', reject);
    });
    const c = new Connection(socket);
    this.all.push(c);
    return c;
  }

  async get(pathAndQuery: string): Promise<Answer> {
    let c = this.free.pop();
    if (!c) throw new Error('more concurrent requests than connections');
    const head = `GET ${pathAndQuery} HTTP/1.1\r\n${this.headers}\r\n`;
    try {
      if (c.closed) c = await this.connect();
      try {
        return await c.request(head);
      } catch (err) {
        // Closed by the server while idle, just as the request left: once more on a new connection.
        if (!c.closed) throw err;
        c = await this.connect();
        return await c.request(head);
      }
    } finally {
      this.free.push(c);
    }
  }

  close(): void { for (const c of this.all) c.close(); this.all = []; }
}
