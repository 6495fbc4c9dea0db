// The mapping layer's public API: propose a mapping for a sheet, build records from rows, stream an import, templates.
export { proposeMapping, decideDates, profileColumn, describeMapping } from './autoMap'
export type { ProposeOptions, Proposal, MappingProblem, KindScore, ColumnProfile } from './autoMap'
export { detectHeader, headerAt, uniqueHeaderNames, classifyCell, cellText } from './headers'
export type { HeaderDetection, DetectHeaderOptions, CellClass } from './headers'
export { ALIASES, matchAlias, normaliseHeader, isKnownHeader } from './aliases'
export type { AliasMatch } from './aliases'
export { createRecordBuilder, buildSheetRecords, createImportSession, readNumber, readCount } from './records'
export type { SourceInfo, BuildOptions, RecordBuilder, BuiltSheet, ImportSession, ImportSessionOptions, ImportOutcome, WatchedDateColumn } from './records'
export {
  BUILT_IN_TEMPLATES,
  applyTemplate,
  createMemoryTemplateStore,
  headerSignature,
  matchTemplate,
  templateFromMapping
} from './templates'
export type { MappingTemplate, TemplateStore, TemplateMatch, TableShape, ContentRule } from './templates'
export { decideDateFormat, parseDateTime, combineDateTime, withChoice } from './dates'
export type { DateDecision, DateTimeResult } from './dates'
export { createPhoneNormaliser } from './phones'
export { parseDuration } from './durations'
export { parseDirection } from './direction'
export { parseImei, parseImsi } from './identifiers'
export { defaultZoneForCountry, isValidZone } from './zones'
