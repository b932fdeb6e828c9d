/** Small statistics shared by probes and reports (quantiles over seeds and groups). */
package phaselab.lab.stats;
