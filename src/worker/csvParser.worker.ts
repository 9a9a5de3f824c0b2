/**
 * The CSV parser worker: a thin shell around parseCsvBlob (src/data/csv.ts), so a 20 MB file is
 * parsed off the main thread. One request in, one reply out; the table's columns are transferred.
 */
import { CSV_PARSER_PROTOCOL, csvTransferables, parseCsvBlob, type CsvParseResult } from '../data';
// Types only: importing values from the client would bundle it (and its Worker) into this worker.
import type { CsvParseReply, CsvParseRequest } from './csvClient';

// The DOM lib types `self` as a Window; this is the dedicated-worker side of it.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<CsvParseRequest>) => void) | null;
  postMessage(message: CsvParseReply, transfer: Transferable[]): void;
};

scope.onmessage = (event) => {
  const request = event.data;
  if (request?.type !== 'parse') return;
  const reply = (result: CsvParseResult): void =>
    scope.postMessage({ type: 'parsed', protocol: CSV_PARSER_PROTOCOL, id: request.id, result }, csvTransferables(result));
  if (request.protocol !== CSV_PARSER_PROTOCOL) {
    reply({ ok: false, message: 'The page and its CSV parser are from different versions: reload the page.' });
    return;
  }
  void parseCsvBlob(request.file).then(reply);
};
