import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemasDir } from './topics.ts';

export type QualityType = 'soft' | 'hard';
export type Dimension = 'attitude' | 'efficiency' | 'performance' | 'process' | 'facilities';
export type ServqualDimension = 'tangibles' | 'reliability' | 'responsiveness' | 'assurance' | 'empathy';

export interface CatalogueItem {
  id: string;
  qualityType: QualityType;
  dimension: Dimension;
  servqualDimension: ServqualDimension;
  text: { 'zh-CN': string; en: string };
}

export interface Catalogue {
  id: string;
  version: number;
  items: CatalogueItem[];
  dimensions: { id: Dimension; text: { 'zh-CN': string; en: string }; qualityType: QualityType }[];
}

/** The window-service questionnaire catalogue (seed 002), read once. */
export function windowServiceCatalogue(): Catalogue {
  return JSON.parse(
    readFileSync(join(schemasDir, 'questionnaires', 'window-service.zh-CN.v1.json'), 'utf8'),
  ) as Catalogue;
}
