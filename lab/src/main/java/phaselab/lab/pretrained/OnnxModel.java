package phaselab.lab.pretrained;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX model's graph as the importer needs it: its nodes (operator, inputs, outputs) in file
 * order, its initialisers (the weights) as float or int64 arrays, and the graph's input and
 * output names. Read by protobuf ({@link OnnxSchema}); weights stored in external files are refused.
 *
 * @param source the file it was read from, for messages
 * @param producer producer name and version (e.g. "pytorch 2.1.0")
 */
public record OnnxModel(String source, String producer, List<Node> nodes, Map<String, Initializer> initializers,
    List<String> inputs, List<String> outputs) {

  /**
   * One operator application; {@code value} is a Constant node's tensor (its "value" attribute),
   * null for every other node.
   */
  public record Node(String name, String opType, List<String> inputs, List<String> outputs, Initializer value) {}

  /**
   * One initialiser: float data ({@code floats}, data type FLOAT) or integer data ({@code longs},
   * INT32 or INT64), row-major in {@code dims}.
   */
  public record Initializer(String name, int dataType, long[] dims, float[] floats, long[] longs) {
    public long size() {
      long n = 1;
      for (long d : dims) {
        n *= d;
      }
      return n;
    }

    public boolean isFloat() {
      return dataType == OnnxSchema.FLOAT;
    }
  }

  public static OnnxModel read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new ImportException(file + ": no such ONNX file");
    }
    return parse(file.toString(), Files.readAllBytes(file));
  }

  public static OnnxModel parse(String source, byte[] bytes) throws ImportException {
    DynamicMessage model;
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      in.enableAliasing(true); // raw weight bytes stay views of the file's array
      in.setSizeLimit(Integer.MAX_VALUE);
      model = DynamicMessage.parseFrom(OnnxSchema.MODEL, in);
    } catch (IOException e) { // InvalidProtocolBufferException: truncated, bad tags, wrong wire types
      throw new ImportException(source + ": not a readable ONNX model (" + e.getMessage()
          + "); the file is truncated or corrupt, or not ONNX: export it again or re-download it");
    }
    DynamicMessage graph = (DynamicMessage) model.getField(f(OnnxSchema.MODEL, "graph"));
    List<?> nodeMessages = (List<?>) graph.getField(f(OnnxSchema.GRAPH, "node"));
    if (!model.hasField(f(OnnxSchema.MODEL, "graph")) || nodeMessages.isEmpty()) {
      throw new ImportException(source + ": the file holds no ONNX graph (not an ONNX model, or truncated); "
          + "export it again or re-download it");
    }
    String producer = (model.getField(f(OnnxSchema.MODEL, "producer_name")) + " "
        + model.getField(f(OnnxSchema.MODEL, "producer_version"))).trim();
    List<Node> nodes = new ArrayList<>();
    for (Object o : nodeMessages) {
      DynamicMessage n = (DynamicMessage) o;
      String op = (String) n.getField(f(OnnxSchema.NODE, "op_type"));
      Initializer value = null;
      if (op.equals("Constant")) {
        for (Object a : (List<?>) n.getField(f(OnnxSchema.NODE, "attribute"))) {
          DynamicMessage attr = (DynamicMessage) a;
          if (attr.getField(f(OnnxSchema.ATTRIBUTE, "name")).equals("value") && attr.hasField(f(OnnxSchema.ATTRIBUTE, "t"))) {
            value = initializer(source, (DynamicMessage) attr.getField(f(OnnxSchema.ATTRIBUTE, "t")));
          }
        }
      }
      nodes.add(new Node((String) n.getField(f(OnnxSchema.NODE, "name")), op, strings(n, OnnxSchema.NODE, "input"),
          strings(n, OnnxSchema.NODE, "output"), value));
    }
    Map<String, Initializer> inits = new LinkedHashMap<>();
    for (Object o : (List<?>) graph.getField(f(OnnxSchema.GRAPH, "initializer"))) {
      Initializer init = initializer(source, (DynamicMessage) o);
      if (inits.put(init.name(), init) != null) {
        throw new ImportException(source + ": initialiser '" + init.name() + "' appears twice; the file is corrupt");
      }
    }
    return new OnnxModel(source, producer, List.copyOf(nodes), inits, valueNames(graph, "input"), valueNames(graph, "output"));
  }

  private static Initializer initializer(String source, DynamicMessage t) throws ImportException {
    String name = (String) t.getField(f(OnnxSchema.TENSOR, "name"));
    if (((Integer) t.getField(f(OnnxSchema.TENSOR, "data_location"))) == OnnxSchema.EXTERNAL) {
      throw new ImportException(source + ": initialiser '" + name + "' is stored in an external data file; "
          + "export the model with its weights inside the .onnx file (onnx.save(..., save_as_external_data=False))");
    }
    List<?> dimList = (List<?>) t.getField(f(OnnxSchema.TENSOR, "dims"));
    long[] dims = new long[dimList.size()];
    long size = 1;
    for (int i = 0; i < dims.length; i++) {
      dims[i] = (Long) dimList.get(i);
      if (dims[i] < 0) {
        throw new ImportException(source + ": initialiser '" + name + "' has a negative dimension; the file is corrupt");
      }
      size *= dims[i];
    }
    int type = (Integer) t.getField(f(OnnxSchema.TENSOR, "data_type"));
    ByteString raw = (ByteString) t.getField(f(OnnxSchema.TENSOR, "raw_data"));
    boolean hasRaw = t.hasField(f(OnnxSchema.TENSOR, "raw_data"));
    switch (type) {
      case OnnxSchema.FLOAT -> {
        float[] v;
        if (hasRaw) {
          checkBytes(source, name, raw.size(), size, 4);
          v = new float[(int) size];
          raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        } else {
          List<?> list = (List<?>) t.getField(f(OnnxSchema.TENSOR, "float_data"));
          checkCount(source, name, list.size(), size);
          v = new float[list.size()];
          for (int i = 0; i < v.length; i++) {
            v[i] = (Float) list.get(i);
          }
        }
        return new Initializer(name, type, dims, v, null);
      }
      case OnnxSchema.INT64, OnnxSchema.INT32 -> {
        long[] v;
        int width = type == OnnxSchema.INT64 ? 8 : 4;
        if (hasRaw) {
          checkBytes(source, name, raw.size(), size, width);
          v = new long[(int) size];
          var buf = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
          for (int i = 0; i < v.length; i++) {
            v[i] = width == 8 ? buf.getLong() : buf.getInt();
          }
        } else {
          List<?> list = (List<?>) t.getField(f(OnnxSchema.TENSOR, type == OnnxSchema.INT64 ? "int64_data" : "int32_data"));
          checkCount(source, name, list.size(), size);
          v = new long[list.size()];
          for (int i = 0; i < v.length; i++) {
            v[i] = ((Number) list.get(i)).longValue();
          }
        }
        return new Initializer(name, type, dims, null, v);
      }
      default -> throw new ImportException(source + ": initialiser '" + name + "' has ONNX data type " + type
          + "; the importer reads float32 weights (1) and int32/int64 constants (6, 7); convert the model to float32 first");
    }
  }

  private static void checkBytes(String source, String name, long bytes, long size, int width) throws ImportException {
    if (bytes != size * width) {
      throw new ImportException(source + ": initialiser '" + name + "' holds " + bytes + " bytes for " + size + " values of "
          + width + " bytes; the file is truncated or corrupt");
    }
  }

  private static void checkCount(String source, String name, long count, long size) throws ImportException {
    if (count != size) {
      throw new ImportException(source + ": initialiser '" + name + "' holds " + count + " values for a shape of " + size
          + "; the file is corrupt");
    }
  }

  private static List<String> strings(DynamicMessage m, com.google.protobuf.Descriptors.Descriptor d, String field) {
    List<String> out = new ArrayList<>();
    for (Object o : (List<?>) m.getField(f(d, field))) {
      out.add((String) o);
    }
    return List.copyOf(out);
  }

  private static List<String> valueNames(DynamicMessage graph, String field) {
    List<String> out = new ArrayList<>();
    for (Object o : (List<?>) graph.getField(f(OnnxSchema.GRAPH, field))) {
      out.add((String) ((DynamicMessage) o).getField(f(OnnxSchema.VALUE_INFO, "name")));
    }
    return List.copyOf(out);
  }

  private static FieldDescriptor f(com.google.protobuf.Descriptors.Descriptor d, String name) {
    return d.findFieldByName(name);
  }

  /** The node that writes a value, or null (a graph input or an initialiser). */
  public Node writer(String value) {
    for (Node n : nodes) {
      if (n.outputs().contains(value)) {
        return n;
      }
    }
    return null;
  }

  /** The nodes that read a value. */
  public List<Node> consumers(String value) {
    List<Node> out = new ArrayList<>();
    for (Node n : nodes) {
      if (n.inputs().contains(value)) {
        out.add(n);
      }
    }
    return out;
  }
}
