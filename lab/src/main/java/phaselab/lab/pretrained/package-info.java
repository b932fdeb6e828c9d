/**
 * Pre-trained models in: an ONNX export of a BERT encoder (read through protobuf with a schema of
 * the onnx.proto fields it needs) or a Hugging Face BERT directory, turned into a phaselab model
 * directory (phaselab parameter names in safetensors, {@code model.json}, the vocabulary), and the
 * Hugging Face BERT tokenizer those models were trained with.
 */
package phaselab.lab.pretrained;
