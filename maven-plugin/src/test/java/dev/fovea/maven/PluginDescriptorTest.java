package dev.fovea.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The generated plugin descriptor (what {@code fovea:help -Ddetail} prints): every goal and every parameter a
 * user can set has a description, and help is one of the goals.
 */
class PluginDescriptorTest {

  private static final Path DESCRIPTOR = Path.of("target/classes/META-INF/maven/plugin.xml");

  @Test
  void everyGoalAndEditableParameterIsDescribed() throws Exception {
    assertTrue(Files.isRegularFile(DESCRIPTOR), DESCRIPTOR + " is written by maven-plugin-plugin before tests");
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(DESCRIPTOR.toFile());
    List<String> goals = new ArrayList<>();
    List<String> undescribed = new ArrayList<>();
    NodeList mojos = doc.getElementsByTagName("mojo");
    for (int m = 0; m < mojos.getLength(); m++) {
      Element mojo = (Element) mojos.item(m);
      String goal = text(mojo, "goal");
      goals.add(goal);
      if (text(mojo, "description").isBlank()) {
        undescribed.add(goal);
      }
      NodeList parameters = ((Element) mojo.getElementsByTagName("parameters").item(0))
          .getElementsByTagName("parameter");
      for (int p = 0; p < parameters.getLength(); p++) {
        Element parameter = (Element) parameters.item(p);
        if (text(parameter, "editable").equals("true") && text(parameter, "description").isBlank()) {
          undescribed.add(goal + "." + text(parameter, "name"));
        }
      }
    }
    assertTrue(goals.containsAll(List.of("help", "summary", "train", "evaluate", "export")), goals.toString());
    assertEquals(List.of(), undescribed, "goals and parameters without a Javadoc description");
  }

  private static String text(Element parent, String child) {
    NodeList nodes = parent.getElementsByTagName(child);
    return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent();
  }
}
