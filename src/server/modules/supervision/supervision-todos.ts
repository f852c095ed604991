// SUP-1…SUP-8: what the to-dos and notifications of supervision records carry — their
// due dates, taken from the programme parameters (PRG-2), and the link to the project page's tab.
import { addDays } from '../../platform/transition.js';
import type { ProjectInScope } from '../projects/projects.js';

/** The project page tab a record lives on (links in to-dos and notifications). */
export type SupervisionTab = 'plan' | 'progress' | 'inspection' | 'rectification' | 'training';
export const projectTabLink = (projectId: string, tab: SupervisionTab) => `/app/projects/${projectId}?tab=${tab}`;

/**
 * A review step of the department or association (plan review, reading a progress report,
 * accepting a rectification report): the programme's `selectionDays.review`, the days its
 * association has to review a declaration — the programme's own measure of a review step.
 */
export const reviewDueAt = (p: ProjectInScope, from = new Date()): Date => addDays(from, p.parameters.selectionDays.review);

/**
 * The society preparing a document (its first implementation plan, a revision after return): the
 * programme's `selectionDays.declare`, the days a society has to prepare its declaration.
 */
export const prepareDueAt = (p: ProjectInScope, from = new Date()): Date => addDays(from, p.parameters.selectionDays.declare);
