/**
 * Experiment configs: YAML files mapped to immutable records with documented defaults. Every key
 * is read through {@link phaselab.lab.config.ConfigNode}, which knows its dotted path, so an
 * unknown key, a wrong type or an impossible value fails with one message naming the key, the
 * problem and the valid choices ({@link phaselab.lab.config.ConfigException}, exit code 2).
 */
package phaselab.lab.config;
