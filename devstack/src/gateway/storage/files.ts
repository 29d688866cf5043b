// The bytes of every object, one file per object id under <devstack dir>/storage. The database row
// is the truth; a file is written to a temporary name first and renamed into place only after the
// row's transaction commits, so a refused upload leaves nothing behind.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export class FileStore {
  constructor(readonly root: string) {}

  private objectPath(id: string): string { return path.join(this.root, 'objects', id); }

  /** Writes bytes to a staging file; returns a handle to commit or discard. */
  async stage(bytes: Buffer): Promise<{ commit(id: string): Promise<void>; discard(): Promise<void> }> {
    const tmpDir = path.join(this.root, 'tmp');
    await fs.mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, randomUUID());
    await fs.writeFile(tmp, bytes);
    return {
      commit: async (id) => {
        await fs.mkdir(path.join(this.root, 'objects'), { recursive: true });
        await fs.rename(tmp, this.objectPath(id));
      },
      discard: () => fs.rm(tmp, { force: true }),
    };
  }

  read(id: string): Promise<Buffer> { return fs.readFile(this.objectPath(id)); }

  async copy(fromId: string, toId: string): Promise<void> {
    await fs.mkdir(path.join(this.root, 'objects'), { recursive: true });
    await fs.copyFile(this.objectPath(fromId), this.objectPath(toId));
  }

  async remove(ids: string[]): Promise<void> {
    await Promise.all(ids.map((id) => fs.rm(this.objectPath(id), { force: true })));
  }
}
