package phaselab.lab.task.text;

import java.util.List;

/** Text → the words WordPiece encodes one by one (normalisation and pre-tokenisation). */
public interface WordSplitter {
  List<String> words(String text);
}
