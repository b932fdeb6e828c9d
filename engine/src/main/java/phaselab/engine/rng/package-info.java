/**
 * Seeded random streams by purpose. Initialisation, data order, masking and dropout each draw
 * from their own {@link phaselab.engine.rng.RngStream} derived from (seed, purpose), so a change
 * in one never shifts another, and every stream state can be saved in a checkpoint.
 */
package phaselab.engine.rng;
