package io.dativo.core.connector.file;

import io.dativo.api.CommitSummary;
import io.dativo.api.Committer;
import io.dativo.api.RunCommit;
import io.dativo.api.WriteFragment;
import io.dativo.api.io.FileEntry;
import io.dativo.api.io.FileIO;
import io.dativo.api.io.PendingFile;
import io.dativo.core.storage.PathNames;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The file target's exactly-once commit, in one place. Stateless: it works from the fragments, the
 * {@link RunCommit} and what is in storage, so any instance in any process can commit what split writers staged.
 *
 * <p>A commit writes the run's pending manifest ({@code .dativo-staging/<run>/commit.json}: every fragment, the
 * state the data covers, and for {@code overwrite} the files it replaces); from then on the commit is decided. It
 * then publishes every staged file, deletes the replaced ones, writes the committed manifest
 * ({@code .dativo-staging/manifests/<tenant>/<job>/<epoch millis>-<run>.json}) and the job's pointer to it
 * ({@code latest.json} beside it), keeps the newest {@link FileTarget#manifestsKept()} manifests of the job, and
 * removes the run's folder. A failure while publishing a fresh commit (an exception) undoes it; a crash leaves the
 * pending manifest, and {@link #recover()} completes it once the run is dead.
 */
final class ManifestCommitter implements Committer {

    static final String PENDING_MANIFEST = "commit.json";
    static final String POINTER = "latest.json";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ManifestCommitter.class);

    private final FileTarget target;
    private final FileIO io;
    private final Runnable afterPublish;

    ManifestCommitter(FileTarget target, Runnable afterPublish) {
        this.target = target;
        this.io = target.io();
        this.afterPublish = afterPublish;
    }

    @Override
    public CommitSummary commit(List<WriteFragment> fragments, RunCommit commit) throws IOException {
        String run = commit.runId();
        String jobDir = target.manifests(commit.tenantId(), commit.job());
        StagingListing staging = StagingListing.of(target);
        if (committedManifest(staging, jobDir, run).isPresent()) {
            removeRunFolder(run, staging, List.of());
            return summary(fragments);
        }
        String pendingManifest = io.resolve(target.runFolder(run), PENDING_MANIFEST);
        Optional<Map<String, Object>> decided = staging.contains(pendingManifest)
                ? RunLease.readJson(io, pendingManifest) : Optional.empty();
        if (decided.isPresent()) {
            complete(decided.get(), staging);
            return summary(fragments);
        }
        RunLease.hold(io, target.lease(run), run, target.leaseTtl());
        Map<String, Object> manifest = manifest(fragments, commit);
        RunLease.writeJson(io, pendingManifest, manifest);
        staging.added(pendingManifest);
        try {
            publish(fragments);
        } catch (IOException | RuntimeException e) {
            undo(fragments, pendingManifest, e);
            throw e;
        }
        // Every file is published now: publishing it again would cost a store such as S3 two requests a file.
        finish(manifest, staging);
        return summary(fragments);
    }

    /** Publishes the staged files of {@code fragments} together, which a store such as S3 does concurrently. */
    private void publish(List<WriteFragment> fragments) throws IOException {
        List<PendingFile> staged = new ArrayList<>();
        for (WriteFragment f : fragments) {
            if (f.pending() != null) {
                staged.add(f.pending());
            }
        }
        io.publishAll(staged);
        afterPublish.run();
    }

    /**
     * Takes back a fresh commit that failed while publishing: nothing of it stays visible. Any of its files may have
     * been published, so each is deleted where it would be visible and discarded where it is staged.
     */
    private void undo(List<WriteFragment> all, String pendingManifest, Exception failure) {
        try {
            io.delete(pendingManifest);
            List<String> locations = new ArrayList<>();
            all.forEach(f -> locations.add(f.location()));
            io.deleteAll(locations);
            for (WriteFragment f : all) {
                if (f.pending() != null) {
                    io.abort(f.pending());
                }
            }
        } catch (IOException | RuntimeException undo) {
            failure.addSuppressed(undo);
        }
    }

    private Map<String, Object> manifest(List<WriteFragment> fragments, RunCommit commit) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format_version", 1);
        m.put("run_id", commit.runId());
        m.put("tenant_id", commit.tenantId());
        m.put("job", commit.job());
        m.put("asset", target.asset().name());
        m.put("write_mode", target.writeMode());
        m.put("committed_at", commit.committedAt().toString());
        m.put("records", WriteFragment.data(fragments).stream().mapToLong(WriteFragment::records).sum());
        m.put("state", commit.states());
        m.put("files", Fragments.toMaps(fragments));
        m.put("replaces", "overwrite".equals(target.writeMode()) ? replaced(fragments) : List.of());
        return m;
    }

    /** The asset's visible data files, except those of this commit: hidden and rejects folders are not data. */
    private List<String> replaced(List<WriteFragment> fragments) throws IOException {
        Set<String> ours = new LinkedHashSet<>();
        fragments.forEach(f -> ours.add(f.location()));
        List<String> out = new ArrayList<>();
        for (FileEntry e : io.list(target.outputBase())) {
            if (!ours.contains(e.location()) && !hidden(e.location())) {
                out.add(e.location());
            }
        }
        return out;
    }

    private boolean hidden(String location) {
        String rel = location.substring(Math.min(location.length(), target.outputBase().length()));
        for (String segment : rel.split("[/\\\\]")) {
            if (segment.startsWith(".") || segment.startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Completes a decided commit from its manifest; every step can be repeated. The job's pointer moves to the new
     * manifest unless {@code staging} holds a newer one; the files of the run's folder go as {@code staging} lists
     * them.
     */
    private void complete(Map<String, Object> manifest, StagingListing staging) throws IOException {
        publish(Fragments.fromMaps((List<?>) manifest.getOrDefault("files", List.of())));
        finish(manifest, staging);
    }

    /** What follows publishing the files of a decided commit: deletes, manifest, pointer, retention, clean-up. */
    @SuppressWarnings("unchecked")
    private void finish(Map<String, Object> manifest, StagingListing staging) throws IOException {
        String run = String.valueOf(manifest.get("run_id"));
        List<String> replaced = new ArrayList<>();
        ((List<Object>) manifest.getOrDefault("replaces", List.of())).forEach(r -> replaced.add(String.valueOf(r)));
        io.deleteAll(replaced);
        String tenant = String.valueOf(manifest.get("tenant_id"));
        String job = (String) manifest.get("job");
        String jobDir = target.manifests(tenant, job);
        Instant committedAt = Instant.parse(String.valueOf(manifest.get("committed_at")));
        String name = String.format("%013d-%s.json", committedAt.toEpochMilli(), PathNames.escape(run));
        String written = io.resolve(jobDir, name);
        RunLease.writeJson(io, written, manifest);
        staging.added(written);
        List<String> manifests = staging.manifestNames(jobDir);
        if (manifests.get(manifests.size() - 1).equals(name)) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("run_id", run);
            p.put("committed_at", committedAt.toString());
            p.put("manifest", name);
            RunLease.writeJson(io, io.resolve(jobDir, POINTER), p);
        }
        List<String> expired = new ArrayList<>();
        for (int i = 0; i < manifests.size() - target.manifestsKept(); i++) {
            expired.add(io.resolve(jobDir, manifests.get(i)));
        }
        removeRunFolder(run, staging, expired);
    }

    private static Optional<String> committedManifest(StagingListing staging, String jobDir, String run) {
        String suffix = "-" + PathNames.escape(run) + ".json";
        return staging.manifestNames(jobDir).stream().filter(n -> n.endsWith(suffix)).findFirst();
    }

    private static String name(String location) {
        return location.substring(Math.max(location.lastIndexOf('/'), location.lastIndexOf('\\')) + 1);
    }

    /**
     * Stops the run's heartbeat here and deletes its lease, pending manifest and anything else {@code staging} has in
     * its folder, with {@code alsoDelete}, together.
     */
    private void removeRunFolder(String run, StagingListing staging, List<String> alsoDelete) throws IOException {
        String lease = target.lease(run);
        RunLease.forget(lease);
        List<String> gone = new ArrayList<>(alsoDelete);
        gone.add(lease);
        for (String f : staging.filesUnder(target.runFolder(run))) {
            if (!f.equals(lease)) {
                gone.add(f);
            }
        }
        io.deleteAll(gone);
        gone.forEach(staging::removed);
    }

    private static CommitSummary summary(List<WriteFragment> fragments) {
        List<WriteFragment> data = WriteFragment.data(fragments);
        return new CommitSummary(data.size(), data.stream().mapToLong(WriteFragment::records).sum(), Map.of());
    }

    /**
     * Discards the fragments and whatever else the runs staged under the output base, unless a run's commit is
     * already decided: then its lease is given up, so that {@link #recover()} completes the commit.
     */
    @Override
    public void abort(List<WriteFragment> fragments) throws IOException {
        Set<String> runs = new LinkedHashSet<>();
        runs.add(target.runId());
        fragments.forEach(f -> runs.add(f.properties().getOrDefault("run_id", target.runId())));
        StagingListing staging = StagingListing.of(target);
        List<PendingFile> pending = null;
        for (String run : runs) {
            if (staging.contains(io.resolve(target.runFolder(run), PENDING_MANIFEST))) {
                LOG.warn("run {} failed during its commit; recovery completes the commit", run);
                RunLease.end(io, target.lease(run));
                continue;
            }
            for (WriteFragment f : fragments) {
                if (f.pending() != null && run.equals(f.properties().getOrDefault("run_id", target.runId()))) {
                    io.abort(f.pending());
                }
            }
            pending = pending == null ? io.listPending(target.outputBase()) : pending;
            for (PendingFile p : pending) {
                if (ownedBy(p.location(), run)) {
                    io.abort(p);
                }
            }
            removeRunFolder(run, staging, List.of());
        }
    }

    private boolean ownedBy(String location, String run) {
        String n = name(location);
        return n.startsWith(FileTarget.prefix(false, run)) || n.startsWith(FileTarget.prefix(true, run))
                || location.startsWith(target.runFolder(run));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<RunCommit> lastCommit(String tenantId, String job) throws IOException {
        String jobDir = target.manifests(tenantId, job);
        Optional<Map<String, Object>> manifest = RunLease.readJson(io, io.resolve(jobDir, POINTER))
                .flatMap(p -> read(io.resolve(jobDir, String.valueOf(p.get("manifest")))));
        if (manifest.isEmpty()) {
            List<String> names = StagingListing.of(target).manifestNames(jobDir);
            if (names.isEmpty()) {
                return Optional.empty();
            }
            manifest = read(io.resolve(jobDir, names.get(names.size() - 1)));
        }
        Map<String, Object> m = manifest.orElseThrow();
        Map<String, Map<String, Object>> states = new LinkedHashMap<>();
        ((Map<String, Object>) m.getOrDefault("state", Map.of()))
                .forEach((k, v) -> states.put(k, (Map<String, Object>) v));
        return Optional.of(new RunCommit(tenantId, job, String.valueOf(m.get("run_id")),
                Instant.parse(String.valueOf(m.get("committed_at"))), states));
    }

    private Optional<Map<String, Object>> read(String location) {
        try {
            return RunLease.readJson(io, location);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Completes the pending manifests of dead runs, then discards what dead runs staged: their files, pending data
     * files whose run has no folder (such as those of an attempt that was cut off while its run committed), and
     * their folders. A live run's staging is left as it is. With nothing to do it costs one listing of the staging
     * folder and one of the pending files.
     */
    @Override
    public List<String> recover() throws IOException {
        StagingListing staging = StagingListing.of(target);
        Set<String> folders = staging.runFolders();
        List<PendingFile> pending = io.listPending(target.outputBase());
        Map<String, Boolean> dead = new LinkedHashMap<>();
        Instant now = Instant.now();
        for (String folder : folders) {
            String lease = target.lease(unescape(folder));
            dead.put(folder, !staging.contains(lease) || RunLease.read(io, lease).map(i -> i.dead(now)).orElse(true));
        }
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, Boolean> r : dead.entrySet()) {
            String run = unescape(r.getKey());
            String pendingManifest = io.resolve(target.runFolder(run), PENDING_MANIFEST);
            if (!r.getValue() || !staging.contains(pendingManifest)) {
                continue;
            }
            Optional<Map<String, Object>> decided = RunLease.readJson(io, pendingManifest);
            if (decided.isPresent()) {
                complete(decided.get(), staging);
                done.add("completed the commit of run " + run);
                LOG.warn("completed the commit of run {}, which was interrupted", run);
            }
        }
        int discarded = 0;
        for (PendingFile p : pending) {
            String owner = null;
            for (String folder : dead.keySet()) {
                if (ownedBy(p.location(), unescape(folder))) {
                    owner = folder;
                }
            }
            boolean ours = name(p.location()).startsWith("part-") || name(p.location()).startsWith("rejects-");
            if (owner != null ? dead.get(owner) : ours && !p.location().startsWith(target.staging())) {
                io.abort(p);
                discarded++;
            }
        }
        for (Map.Entry<String, Boolean> r : dead.entrySet()) {
            String run = unescape(r.getKey());
            if (r.getValue() && !staging.filesUnder(target.runFolder(run)).isEmpty()) {
                removeRunFolder(run, staging, List.of());
            }
        }
        if (discarded > 0 || dead.containsValue(true)) {
            done.add("discarded " + discarded + " staged files of " + dead.values().stream().filter(d -> d).count()
                    + " dead runs");
        }
        return done;
    }

    private static String unescape(String folder) {
        return URLDecoder.decode(folder.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
