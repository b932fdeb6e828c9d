/**
 * The McCoy, Frank and Linzen (2020) grammars used by Murty et al. (2023): question formation and
 * tense inflection generated from a PCFG over a fixed lexicon (docs/research.md C.1), with the gold
 * constituency tree of every declarative, the ambiguity-preserving training filters and the
 * generalisation sets.
 */
package phaselab.lab.task.grammar;
