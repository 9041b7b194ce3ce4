import { randomBytes } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';

/** A fresh database on the real MongoDB-compatible server, dropped by `drop()`. */
export async function testConnection(): Promise<{ connection: Connection; drop(): Promise<void> }> {
  const connection = await mongoose.createConnection(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017', { dbName: `plein_test_${randomBytes(5).toString('hex')}` }).asPromise();
  return {
    connection,
    drop: async () => {
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    },
  };
}
