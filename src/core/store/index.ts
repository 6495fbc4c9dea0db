// The event store's public surface: segments and their encoding, the query engine, mirror merge and entity statistics.
export * from './segment'
export * from './entityKeys'
export { buildSegments, createSegmentStream, decodeRecord, provenanceOf, type BuildSegmentsOptions, type BuiltSource, type EncodedSegment, type EntityRecord, type SegmentStream } from './encode'
export * from './serialise'
export * from './query'
export * from './mirror'
export * from './entityStats'
