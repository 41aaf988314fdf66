-- wrk script for bench/http/run.sh: every wrk thread gets its own cookie from $COOKIES_FILE (one value per line),
-- so with -t equal to -c each connection uses its own session. Counts 200 responses per thread and prints them per
-- cookie at the end, so run.sh can compare each session's counter with what wrk saw.
--   COOKIES_FILE  file of cookie values (the "sg" cookie), one per line
--   WRK_METHOD    GET (default) or POST
--   COOKIE_NAME   the session cookie's name (default sg; over HTTPS the front end uses __Host-sg)

local cookie_name = os.getenv("COOKIE_NAME") or "sg"
local method = os.getenv("WRK_METHOD") or "GET"
local cookies = {}
for line in io.lines(os.getenv("COOKIES_FILE")) do
  if #line > 0 then cookies[#cookies + 1] = line end
end

local threads = {}
local next_index = 0

function setup(thread)
  next_index = next_index + 1
  local index = ((next_index - 1) % #cookies) + 1
  thread:set("cookie_index", index)
  thread:set("cookie", cookies[index])
  table.insert(threads, thread)
end

function init(args)
  ok = 0
  other = 0
  prepared = wrk.format(method, nil, { ["Cookie"] = cookie_name .. "=" .. cookie })
end

function request()
  return prepared
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    io.write(string.format("COOKIE %d OK %d OTHER %d\n", thread:get("cookie_index"), thread:get("ok"), thread:get("other")))
  end
end
