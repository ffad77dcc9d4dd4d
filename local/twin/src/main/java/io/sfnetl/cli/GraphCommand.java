package io.sfnetl.cli;

import io.sfnetl.local.console.GraphSvg;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code etl graph FILE --out F.svg}: the console's drawing of a definition, as an SVG file for docs. */
@Command(name = "graph", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draw an ASL definition as the console does (ELK layout, top to bottom; Map and Parallel as "
                + "boxes; Choice rules on their edges; Catch edges dashed) into a standalone SVG file.",
                "Needs Node.js (node) on the PATH."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./etl graph statemachine/etl.asl.json --out docs/etl-graph.svg"})
public final class GraphCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The ASL definition (JSON).")
    Path definition;

    @Option(names = "--out", required = true, paramLabel = "F.svg", description = "Where to write the SVG.")
    Path out;

    @Override
    public Integer call() {
        try {
            System.err.println("etl: " + GraphSvg.render(definition, out));
        } catch (GraphSvg.GraphException e) {
            throw new ExitCodes.UserError(e.getMessage());
        }
        return ExitCodes.OK;
    }
}
