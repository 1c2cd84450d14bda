export * from './types';
export { parseAdr, mapStatus, titleFromFileName, chosenOptionName, SKIP_REASONS } from './parse';
export { exportMarkdown, exportFileName, exportIndex, madrStatus, adrRef, contentComment } from './export';
