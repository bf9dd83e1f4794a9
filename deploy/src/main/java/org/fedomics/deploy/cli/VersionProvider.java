package org.fedomics.deploy.cli;

import org.fedomics.deploy.demo.Version;
import picocli.CommandLine;

final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"fedomics " + Version.current()};
    }
}
