export { startViewServer, VIEW_HOST } from './ViewServer.js';
export type { ViewServer, ViewServerOptions } from './ViewServer.js';
export { LiveChannel } from './LiveChannel.js';
export type { LiveSink } from './LiveChannel.js';
export { listRecordings } from './listRecordings.js';
export { findViewerDir } from './findViewerDir.js';
export { safeJoin } from './safeJoin.js';
export { openViewer } from './openViewer.js';
