/**
 * The user's CSV file, kept in this browser (IndexedDB) so that a reload, or a remembered
 * `data=csv`, finds it again. The file's bytes are stored, not the parsed table: restoring parses
 * and checks it again with today's rules, and the bytes are at most the parser's 20 MB limit.
 * Nothing here is ever uploaded. Every failure (no IndexedDB, private mode, quota) degrades to
 * "not stored": the caller then falls back to another dataset with a notice.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { checkCsvOptions, type CsvOptions, type CsvParseResult, type CsvTable } from '../data';

/** What is stored: the file as chosen, its name, and the label column and task picked for it. */
export interface StoredCsvRecord {
  name: string;
  file: Blob;
  options: CsvOptions;
}

/** Where records live: IndexedDB in the page, a plain object in tests. */
export interface CsvVaultBackend {
  get(): Promise<StoredCsvRecord | undefined>;
  put(record: StoredCsvRecord): Promise<void>;
  remove(): Promise<void>;
}

/** What the page knows about the stored file (for the Data section's "forget" action). */
export interface CsvVaultState {
  stored: { name: string } | null;
}

/** The vanilla store of the stored file's name (null: nothing stored, or storage unavailable). */
export const csvVaultStore = createStore<CsvVaultState>(() => ({ stored: null }));

/** React hook: the stored file, if any. */
export function useStoredCsv(): CsvVaultState['stored'] {
  return useStore(csvVaultStore, (state) => state.stored);
}

const DATABASE = 'regularization-playground';
const OBJECT_STORE = 'csv';
const RECORD_KEY = 'current';

function request<T>(make: (store: IDBObjectStore) => IDBRequest<T>, mode: IDBTransactionMode): Promise<T> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DATABASE, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(OBJECT_STORE);
    open.onerror = () => reject(open.error ?? new Error('IndexedDB could not be opened.'));
    open.onsuccess = () => {
      const database = open.result;
      try {
        const transaction = database.transaction(OBJECT_STORE, mode);
        const pending = make(transaction.objectStore(OBJECT_STORE));
        transaction.oncomplete = () => {
          database.close();
          resolve(pending.result);
        };
        transaction.onerror = transaction.onabort = () => {
          database.close();
          reject(transaction.error ?? new Error('IndexedDB transaction failed.'));
        };
      } catch (error) {
        database.close();
        reject(error);
      }
    };
  });
}

/** The IndexedDB backend; null where the browser has none (jsdom, some private modes). */
function indexedDbBackend(): CsvVaultBackend | null {
  if (typeof indexedDB === 'undefined') return null;
  return {
    get: () => request((store) => store.get(RECORD_KEY) as IDBRequest<StoredCsvRecord | undefined>, 'readonly'),
    put: (record) => request((store) => store.put(record, RECORD_KEY), 'readwrite').then(() => undefined),
    remove: () => request((store) => store.delete(RECORD_KEY), 'readwrite').then(() => undefined),
  };
}

let backend: CsvVaultBackend | null | undefined;

function currentBackend(): CsvVaultBackend | null {
  if (backend === undefined) backend = indexedDbBackend();
  return backend;
}

/** For tests: use `replacement` (null = no storage at all) instead of IndexedDB. */
export function setCsvVaultBackend(replacement: CsvVaultBackend | null): void {
  backend = replacement;
  csvVaultStore.setState({ stored: null });
}

/** Keeps the file for the next visit. Resolves to whether it was stored; never rejects. */
export async function storeCsv(record: StoredCsvRecord): Promise<boolean> {
  const store = currentBackend();
  if (!store) return false;
  try {
    await store.put(record);
    csvVaultStore.setState({ stored: { name: record.name } });
    return true;
  } catch {
    return false;
  }
}

/** Forgets the stored file. Never rejects. */
export async function forgetStoredCsv(): Promise<void> {
  csvVaultStore.setState({ stored: null });
  try {
    await currentBackend()?.remove();
  } catch {
    // Nothing stored, or storage gone: forgotten either way.
  }
}

/** A restored CSV source: the table parsed again and its checked options. */
export interface RestoredCsv {
  name: string;
  table: CsvTable;
  options: CsvOptions;
}

/**
 * Reads the stored file back and parses it with `parse` (the CSV parser worker in the page). A
 * record that no longer parses or checks is forgotten. Resolves to null when nothing usable is
 * stored; never rejects.
 */
export async function restoreStoredCsv(parse: (file: Blob) => Promise<CsvParseResult>): Promise<RestoredCsv | null> {
  const store = currentBackend();
  if (!store) return null;
  let record: StoredCsvRecord | undefined;
  try {
    record = await store.get();
  } catch {
    return null;
  }
  if (!record || typeof record.name !== 'string' || !(record.file instanceof Blob) || typeof record.options?.labelColumn !== 'string') return null;
  const parsed = await parse(record.file);
  if (!parsed.ok || !checkCsvOptions(parsed.table, record.options).ok) {
    await forgetStoredCsv();
    return null;
  }
  csvVaultStore.setState({ stored: { name: record.name } });
  return { name: record.name, table: parsed.table, options: record.options };
}

/** Looks up whether a file is stored (for the Data section after a reload). Never rejects. */
export async function refreshStoredCsv(): Promise<void> {
  try {
    const record = await currentBackend()?.get();
    csvVaultStore.setState({ stored: record && typeof record.name === 'string' ? { name: record.name } : null });
  } catch {
    csvVaultStore.setState({ stored: null });
  }
}
