package phaselab.lab.suite.symmetry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import phaselab.lab.run.RunJson;

/**
 * One file of {@code phaselab probe nodes}: the analysis of a run at a step, with the
 * label-shuffled control beside it. On disk the result's fields sit at the top level beside run,
 * step and model, as they always have.
 *
 * @param model what was analysed when it is not the run's checkpoint (the random-body control), else null
 * @param shuffled the label-shuffled null model, or null
 */
public record NodeDocument(String run, long step, String model, NodeReport result, NodeReport shuffled) {

  public void write(Path file) throws IOException {
    ObjectNode doc = RunJson.MAPPER.createObjectNode();
    doc.put("run", run);
    doc.put("step", step);
    doc.setAll((ObjectNode) RunJson.MAPPER.valueToTree(result));
    if (model != null) {
      doc.put("model", model);
    }
    if (shuffled != null) {
      doc.set("shuffled", RunJson.MAPPER.valueToTree(shuffled));
    }
    phaselab.lab.run.SafeWrite.text(file, RunJson.write(doc) + "\n");
  }

  public static NodeDocument read(Path file) throws IOException {
    ObjectNode doc = (ObjectNode) RunJson.MAPPER.readTree(Files.readString(file));
    NodeReport result = RunJson.MAPPER.treeToValue(doc, NodeReport.class);
    NodeReport shuffled = doc.hasNonNull("shuffled") ? RunJson.MAPPER.treeToValue(doc.get("shuffled"), NodeReport.class) : null;
    return new NodeDocument(doc.path("run").asText(), doc.path("step").asLong(), doc.hasNonNull("model") ? doc.get("model").asText() : null,
        result, shuffled);
  }
}
