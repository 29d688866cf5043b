CREATE VIEW private.job_stats AS
 SELECT q.queue_name,
    (q.paused_at IS NOT NULL) AS paused,
    m.queue_length AS depth,
    COALESCE(m.oldest_msg_age_sec, 0) AS oldest_age_seconds,
    COALESCE(r.succeeded, (0)::bigint) AS succeeded_last_hour,
    COALESCE(r.failed, (0)::bigint) AS failed_last_hour,
    COALESCE(r.running, (0)::bigint) AS running,
    d.queue_length AS dead_letters
   FROM (((private.job_queues q
     CROSS JOIN LATERAL pgmq.metrics(q.queue_name) m(queue_name, queue_length, newest_msg_age_sec, oldest_msg_age_sec, total_messages, scrape_time, queue_visible_length))
     CROSS JOIN LATERAL pgmq.metrics(q.dead_letter_queue) d(queue_name, queue_length, newest_msg_age_sec, oldest_msg_age_sec, total_messages, scrape_time, queue_visible_length))
     LEFT JOIN LATERAL ( SELECT count(*) FILTER (WHERE (jr.outcome = 'succeeded'::text)) AS succeeded,
            count(*) FILTER (WHERE (jr.outcome = ANY (ARRAY['failed'::text, 'dead_lettered'::text, 'timed_out'::text]))) AS failed,
            count(*) FILTER (WHERE (jr.outcome = 'running'::text)) AS running
           FROM private.job_runs jr
          WHERE ((jr.queue_name = q.queue_name) AND (jr.started_at >= (now() - '01:00:00'::interval)))) r ON (true));

REVOKE ALL ON TABLE private.job_stats FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE private.job_stats TO service_role;

COMMENT ON VIEW private.job_stats IS 'Per queue: depth, oldest message age, attempts succeeded / failed in the last hour, Edge Function attempts awaiting acknowledgement, dead letters.';
