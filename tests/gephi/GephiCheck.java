// Opens a GraphML or GEXF file with the Gephi toolkit's own importers, headless, and prints
// what Gephi made of it: counts, column types, and per node its id, label and aliases, as JSON.
// Run: java -cp gephi-toolkit-0.10.1-all.jar GephiCheck.java FILE   (tests/test_exports_gephi.py)
import java.io.File;
import java.util.Iterator;
import org.gephi.graph.api.Column;
import org.gephi.graph.api.Graph;
import org.gephi.graph.api.GraphController;
import org.gephi.graph.api.GraphModel;
import org.gephi.graph.api.Node;
import org.gephi.io.importer.api.Container;
import org.gephi.io.importer.api.EdgeMergeStrategy;
import org.gephi.io.importer.api.ImportController;
import org.gephi.io.importer.api.Issue;
import org.gephi.io.processor.plugin.DefaultProcessor;
import org.gephi.project.api.ProjectController;
import org.gephi.project.api.Workspace;
import org.openide.util.Lookup;

public class GephiCheck {
    static String json(Object value) {
        if (value == null) return "null";
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toString().toCharArray()) {
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20 || c > 0x7e) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        return out.append('"').toString();
    }

    static Column byTitle(Iterable<Column> table, String title) {
        for (Column c : table) if (c.getTitle().equals(title)) return c;
        return null;
    }

    public static void main(String[] args) throws Exception {
        ProjectController projects = Lookup.getDefault().lookup(ProjectController.class);
        projects.newProject();
        Workspace workspace = projects.getCurrentWorkspace();
        ImportController importer = Lookup.getDefault().lookup(ImportController.class);
        Container container = importer.importFile(new File(args[0]));
        if (container == null) throw new IllegalStateException("Gephi could not import " + args[0]);
        for (Iterator<Issue> it = container.getReport().getIssues(100); it.hasNext();) {
            Issue issue = it.next();
            System.out.println("{\"issue\": " + json(issue.getLevel() + ": " + issue.getMessage()) + "}");
        }
        container.getLoader().setEdgesMergeStrategy(EdgeMergeStrategy.NO_MERGE);  // "Don't merge" in the dialog
        importer.process(container, new DefaultProcessor(), workspace);
        GraphModel model = Lookup.getDefault().lookup(GraphController.class).getGraphModel(workspace);
        Graph graph = model.getGraph();
        System.out.println("{\"nodes\": " + graph.getNodeCount() + ", \"edges\": " + graph.getEdgeCount() + "}");
        for (Column c : model.getNodeTable()) System.out.println("{\"node_column\": " + json(c.getTitle()) + ", \"type\": " + json(c.getTypeClass().getSimpleName()) + "}");
        for (Column c : model.getEdgeTable()) System.out.println("{\"edge_column\": " + json(c.getTitle()) + ", \"type\": " + json(c.getTypeClass().getSimpleName()) + "}");
        Column aliases = byTitle(model.getNodeTable(), "aliases");
        for (Node n : graph.getNodes()) {
            System.out.println("{\"id\": " + json(n.getId()) + ", \"label\": " + json(n.getLabel()) + ", \"aliases\": " + json(n.getAttribute(aliases)) + "}");
        }
    }
}
