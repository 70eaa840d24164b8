export { type ArchiverOptions, startArchiver } from './archiver.ts';
export { type ArchivedRecord, decode, encode, objectKey, parseObjectKey } from './format.ts';
export { type ReplayOptions, replay } from './replay.ts';
