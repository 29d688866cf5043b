// The execution of a prepared read: the settings statement and the read, both named prepared statements
// with parameters, sent in ONE round trip of the extended protocol (Parse when new on the connection,
// Bind, Execute; Bind, Execute; one Sync). node-postgres sends a Sync after every query it runs; a Sync
// ends the implicit transaction, and with it the transaction-local settings, so the two statements are
// written here as one pg "submittable" (the interface pg-cursor uses).
//
// Why: a repeated read then costs the server no parse, no analysis and (once PostgreSQL settles on a
// generic plan) no planning, for either statement. PostgreSQL's plan cache re-checks a cached plan
// against the current role (row level security), search_path and the catalogs on every use, and
// privileges are checked at each execution: a statement prepared under one caller's role is safe to
// run under another's. Everything caller-specific (role, claims, headers, filter values) travels as
// the statements' parameters; only the texts are shared.
//
// Between the Sync's end of the transaction and the next request, the connection keeps nothing of the
// caller: the settings are transaction-local (set_config(…, true)), as in the simple-protocol path.
import type { Pool, PoolClient } from 'pg';
import type { SettingsStatement } from './query/transaction.ts';

interface Step { name: string; text: string; values: string[] }

/**
 * Names of the statement texts prepared so far, process-wide: the same text always gets the same name.
 * They belong to one schema cache generation: a parameter's type is inferred once, when its statement is
 * parsed, so after a migration (`NOTIFY pgrst, 'reload schema'`) changes a column's type the old
 * statement would refuse the column's new values. A connection prepared under an older generation
 * starts its next round trip with DEALLOCATE ALL.
 */
let names = new Map<string, string>();
let generation = 0;
let counter = 0;
/** Beyond this many distinct texts a read runs unnamed (parsed every time): each name costs every connection memory. */
const MAX_NAMES = 200;

function nameOf(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    if (names.size >= MAX_NAMES) return '';
    name = `pgrst_${++counter}`;
    names.set(text, name);
  }
  return name;
}

/** How many statement texts have a name (tests: a new page of a list is not a new statement). */
export const namedStatements = (): number => names.size;

/** What a connection has prepared (names confirmed by their ParseComplete), under which generation. */
interface Prepared { generation: number; names: Set<string> }
const preparedOn = new WeakMap<object, Prepared>();

const DEALLOCATE: Step = { name: '', text: 'DEALLOCATE ALL', values: [] };

/** The pg connection a client writes to (not part of pg's typings). */
interface Connection {
  stream: { cork(): void; uncork(): void };
  parse(msg: { name: string; text: string; types: number[] }): void;
  bind(msg: { statement: string; values: string[] }): void;
  execute(msg: { portal: string; rows: number }): void;
  sync(): void;
  on(event: 'parseComplete', fn: () => void): void;
  removeListener(event: 'parseComplete', fn: () => void): void;
}

/** One round trip: every step's Bind/Execute (Parse first when new on the connection), then Sync. */
class PipelinedSteps {
  /** The first column of the last step's rows. */
  readonly rows: string[] = [];
  private completed = 0;
  private resultStep = 0;
  private readonly parsing: string[] = [];
  private parsed = 0;
  private connection: Connection | null = null;
  private onParsed: (() => void) | null = null;

  constructor(private readonly steps: Step[], private readonly done: (err: Error | null, rows: string[]) => void) {}

  submit(connection: Connection): null {
    let prepared = preparedOn.get(connection);
    if (!prepared) preparedOn.set(connection, (prepared = { generation, names: new Set() }));
    const steps = prepared.generation === generation ? this.steps : [DEALLOCATE, ...this.steps];
    if (prepared.generation !== generation) {
      prepared.generation = generation;
      prepared.names.clear();
    }
    const known = prepared.names;
    this.resultStep = steps.length - 1;
    connection.stream.cork();
    try {
      for (const step of steps) {
        if (!step.name || !known.has(step.name)) {
          connection.parse({ name: step.name, text: step.text, types: [] });
          this.parsing.push(step.name);
        }
        connection.bind({ statement: step.name, values: step.values });
        connection.execute({ portal: '', rows: 0 });
      }
      connection.sync();
    } finally {
      connection.stream.uncork();
    }
    if (this.parsing.length) {
      // A name counts as prepared only once the server confirmed its Parse: after an error the
      // server skips to the Sync, and a statement it never parsed must be parsed next time.
      const set = known;
      this.onParsed = () => {
        const name = this.parsing[this.parsed++];
        if (name) set.add(name);
      };
      this.connection = connection;
      connection.on('parseComplete', this.onParsed);
    }
    return null;
  }

  private finish(err: Error | null): void {
    if (this.onParsed) this.connection!.removeListener('parseComplete', this.onParsed);
    this.onParsed = null;
    this.done(err, this.rows);
  }

  handleDataRow(msg: { fields: (string | null)[] }): void {
    if (this.completed === this.resultStep) this.rows.push(msg.fields[0] as string);
  }
  handleCommandComplete(): void { this.completed++; }
  handleRowDescription(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(): void {}
  handleCopyData(): void {}
  handleError(err: Error): void { this.finish(err); }
  handleReadyForQuery(): void { this.finish(null); }
}

function run(client: PoolClient, steps: Step[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    client.query(new PipelinedSteps(steps, (err, rows) => (err ? reject(err) : resolve(rows))) as any);
  });
}

/**
 * Runs the settings and the read (one text column per row) in one round trip; its rows' texts.
 * `schemaGeneration`: when the schema cache was loaded (a newer one retires every prepared statement).
 */
export async function executePrepared(pool: Pool, settings: SettingsStatement, sql: string, params: string[], schemaGeneration: number): Promise<string[]> {
  if (schemaGeneration > generation) {
    generation = schemaGeneration;
    names = new Map();
  }
  const client = await pool.connect();
  try {
    const rows = await run(client, [
      { name: nameOf(settings.text), text: settings.text, values: settings.values },
      { name: nameOf(sql), text: sql, values: params },
    ]);
    client.release();
    return rows;
  } catch (err) {
    // A database error ended the implicit transaction already; anything else retires the connection.
    client.release(typeof (err as any)?.severity !== 'string');
    throw err;
  }
}
