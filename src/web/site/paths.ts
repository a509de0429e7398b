export { articlePath, sectionPath } from '../../domain/paths.js';
