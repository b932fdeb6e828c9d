/**
 * Text for the single-node symmetry-breaking suite (docs/research.md A): the third-party data files and
 * where they come from, the pre-training corpus, the WordPiece tokenizer, and the relation
 * classification sets (FewRel, its 80-relation version, SemEval-2010 Task 8).
 */
package phaselab.lab.task.text;
